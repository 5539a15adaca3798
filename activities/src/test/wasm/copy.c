/* Copies the file argv[1] to argv[2], upper-casing it; exits 2 when either cannot be opened. */
#include <ctype.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: copy IN OUT\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 2;
    }
    FILE *out = fopen(argv[2], "w");
    if (!out) {
        perror(argv[2]);
        return 2;
    }
    int c;
    long n = 0;
    while ((c = fgetc(in)) != EOF) {
        fputc(toupper(c), out);
        n++;
    }
    fclose(in);
    fclose(out);
    printf("copied %ld bytes\n", n);
    return 0;
}

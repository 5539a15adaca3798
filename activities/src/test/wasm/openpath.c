/* Tries to open argv[1] for reading; prints "opened" or "refused: <error>", exits 0 either way. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    FILE *f = fopen(argc > 1 ? argv[1] : "/etc/passwd", "r");
    if (f) {
        printf("opened\n");
        fclose(f);
    } else {
        printf("refused: %s\n", strerror(errno));
    }
    return 0;
}

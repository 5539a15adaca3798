/* Allocates argv[1] MiB (touching every page) and prints "allocated" or "refused"; exits 0 either way. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Volatile, so that the compiler cannot elide the allocation. */
char *volatile block;

int main(int argc, char **argv) {
    size_t mib = argc > 1 ? (size_t) atol(argv[1]) : 1;
    block = malloc(mib << 20);
    if (!block) {
        printf("refused\n");
        return 0;
    }
    memset(block, 1, mib << 20);
    printf("allocated\n");
    return 0;
}

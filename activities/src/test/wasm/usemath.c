/* Imports triple() from the import module at /lib/mathlib.wasm and prints triple(14). */
#include <stdio.h>

__attribute__((import_module("/lib/mathlib.wasm"), import_name("triple"))) int triple(int x);

int main(void) {
    printf("triple(14)=%d\n", triple(14));
    return 0;
}

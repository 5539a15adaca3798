/* Exits with code 3 through proc_exit. */
#include <stdlib.h>

int main(void) {
    exit(3);
}

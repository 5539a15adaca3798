/* Prints a line (flushed), then never ends: its output must be readable while it runs. */
#include <stdio.h>

int main(void) {
    printf("started\n");
    fflush(stdout);
    volatile unsigned long n = 0;
    for (;;) {
        n++;
    }
}

/* Never ends; the engine must stop it when the execution is cancelled. */
int main(void) {
    volatile unsigned long n = 0;
    for (;;) {
        n++;
    }
}

/* Traps: executes the unreachable instruction. */
int main(void) {
    __builtin_trap();
}

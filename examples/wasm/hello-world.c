/* The embedded default's hello job: greets the first argument (or "world") and says where it ran. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void say(const char *s) {
    write(1, s, strlen(s));
}

int main(int argc, char **argv) {
    say("hello, ");
    say(argc > 1 ? argv[1] : "world");
    say(", from a WASM module run by Caravel\n");
    /* exit() ends with proc_exit(0); returning from main would leave exit code -1, as Bacalhau reports it. */
    exit(0);
}

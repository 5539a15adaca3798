/* Prints the environment variables whose names start with BACALHAU_, one per line, in order. */
#include <stdio.h>
#include <string.h>

extern char **environ;

int main(void) {
    for (char **e = environ; *e; e++) {
        if (strncmp(*e, "BACALHAU_", 9) == 0) {
            printf("%s\n", *e);
        }
    }
    return 0;
}

/*
 * Tries file system operations, one per argument "OP:PATH[:PATH2]", and prints one line for each:
 * "OP PATH: ok" (read adds the number of bytes read) or "OP PATH: refused (<error>)". Exits 0.
 * OPs: read, write (create or truncate), append, unlink, mkdir, rmdir, rename (to PATH2),
 * symlink (a link at PATH2 whose target is PATH), link (hard link PATH2 to PATH), utime, list.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int probe(const char *op, const char *path, const char *path2, long *bytes) {
    if (strcmp(op, "read") == 0) {
        FILE *f = fopen(path, "r");
        if (!f) return -1;
        char buf[4096];
        size_t n;
        *bytes = 0;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) *bytes += (long) n;
        fclose(f);
        return 0;
    }
    if (strcmp(op, "write") == 0 || strcmp(op, "append") == 0) {
        FILE *f = fopen(path, op[0] == 'w' ? "w" : "a");
        if (!f) return -1;
        int bad = fputs("written by fsprobe\n", f) < 0;
        return (fclose(f) != 0 || bad) ? -1 : 0;
    }
    if (strcmp(op, "unlink") == 0) return unlink(path);
    if (strcmp(op, "mkdir") == 0) return mkdir(path, 0755);
    if (strcmp(op, "rmdir") == 0) return rmdir(path);
    if (strcmp(op, "rename") == 0) return rename(path, path2);
    if (strcmp(op, "symlink") == 0) return symlink(path, path2);
    if (strcmp(op, "link") == 0) return link(path, path2);
    if (strcmp(op, "utime") == 0) {
        struct timespec times[2] = {{0, 0}, {0, 0}};
        return utimensat(AT_FDCWD, path, times, 0);
    }
    if (strcmp(op, "list") == 0) {
        DIR *d = opendir(path);
        if (!d) return -1;
        long n = 0;
        while (readdir(d)) n++;
        closedir(d);
        *bytes = n;
        return 0;
    }
    errno = EINVAL;
    return -1;
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        char arg[1024];
        snprintf(arg, sizeof arg, "%s", argv[i]);
        char *op = arg;
        char *path = strchr(arg, ':');
        if (!path) continue;
        *path++ = '\0';
        char *path2 = strchr(path, ':');
        if (path2) *path2++ = '\0';
        long bytes = -1;
        errno = 0;
        if (probe(op, path, path2, &bytes) == 0) {
            if (bytes >= 0) printf("%s %s: ok %ld\n", op, path, bytes);
            else printf("%s %s: ok\n", op, path);
        } else {
            printf("%s %s: refused (%s)\n", op, path, strerror(errno));
        }
    }
    return 0;
}

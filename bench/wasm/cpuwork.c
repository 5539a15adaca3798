/*
 * A CPU-heavy WASI program for the wasm benchmark (docs/benchmarks.md): ROUNDS (argv[1], default 8)
 * rounds of integer work (a sieve of Eratosthenes, an xorshift generator hashed with FNV-1a) and
 * floating-point work (a Mandelbrot grid), then one line with a checksum that depends on all of it,
 * the same wherever it runs. ROUNDS 0 does no work: what is left is the cost of starting the module.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIEVE_LIMIT 1000000
#define GRID 256
#define MAX_ITER 200

static unsigned char composite[SIEVE_LIMIT + 1];

static uint64_t sieve(void) {
    memset(composite, 0, sizeof composite);
    uint64_t count = 0, sum = 0;
    for (uint32_t i = 2; i <= SIEVE_LIMIT; i++) {
        if (!composite[i]) {
            count++;
            sum += i;
            for (uint64_t j = (uint64_t) i * i; j <= SIEVE_LIMIT; j += i) composite[j] = 1;
        }
    }
    return count * 1000003u + sum;
}

static uint64_t hash_stream(uint64_t seed) {
    uint64_t x = seed | 1, h = 1469598103934665603ull;
    for (int i = 0; i < 2000000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        h = (h ^ (x & 0xff)) * 1099511628211ull;
    }
    return h;
}

static uint64_t mandelbrot(double shift) {
    uint64_t total = 0;
    for (int py = 0; py < GRID; py++) {
        for (int px = 0; px < GRID; px++) {
            double cx = -2.0 + 2.5 * px / GRID + shift, cy = -1.25 + 2.5 * py / GRID;
            double x = 0, y = 0;
            int n = 0;
            while (n < MAX_ITER && x * x + y * y <= 4.0) {
                double t = x * x - y * y + cx;
                y = 2 * x * y + cy;
                x = t;
                n++;
            }
            total += (uint64_t) n;
        }
    }
    return total;
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 8;
    uint64_t checksum = 0;
    for (int r = 0; r < rounds; r++) {
        checksum = checksum * 31 + sieve();
        checksum = checksum * 31 + hash_stream((uint64_t) r + 1);
        checksum = checksum * 31 + mandelbrot(r * 0.001);
    }
    printf("rounds=%d checksum=%016llx\n", rounds, (unsigned long long) checksum);
    return 0;
}

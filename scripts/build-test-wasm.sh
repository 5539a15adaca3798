#!/usr/bin/env bash
# Compiles the wasm engine's test programs (activities/src/test/wasm/*.c) to wasm32-wasi modules in
# activities/src/test/resources/wasm/, and the examples (examples/wasm/*.c) and the benchmark's program
# (bench/wasm/*.c) beside their sources. The
# outputs are committed, so neither the suite nor the README needs a toolchain; run this after changing
# a program. Needs Debian's clang, lld, wasi-libc and libclang-rt-*-dev-wasm32:
#   apt-get install -y clang lld wasi-libc libclang-rt-14-dev-wasm32
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/activities/src/test/wasm"
out="$root/activities/src/test/resources/wasm"
cc="${CC:-$(command -v clang || command -v clang-14)}"
sysroot="${WASI_SYSROOT:-/usr}"
mkdir -p "$out"
for c in "$src"/*.c "$root"/examples/wasm/*.c "$root"/bench/wasm/*.c; do
    name="$(basename "$c" .c)"
    dest="$out"
    case "$c" in "$root"/examples/* | "$root"/bench/*) dest="$(dirname "$c")" ;; esac
    extra=()
    # noreturn.c and mathlib.c have no main: they only export functions, so it links without the C start files.
    if [ "$name" = noreturn ] || [ "$name" = mathlib ]; then
        extra=(-nostartfiles -Wl,--no-entry)
    fi
    "$cc" --target=wasm32-wasi --sysroot="$sysroot" -O2 -fuse-ld="$(command -v wasm-ld || command -v wasm-ld-14)" \
        -Wl,--strip-all "${extra[@]}" -o "$dest/$name.wasm" "$c"
    echo "built $dest/$name.wasm ($(stat -c %s "$dest/$name.wasm") bytes)"
done

/* An import module: exports triple(), which usemath.wasm imports by this module's path. */
__attribute__((export_name("triple"))) int triple(int x) {
    return 3 * x;
}

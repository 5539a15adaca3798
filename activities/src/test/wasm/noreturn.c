/* A reactor-style export that returns normally without proc_exit (Bacalhau reports exit code -1). */
__attribute__((export_name("run"))) int run(void) {
    return 0;
}

__attribute__((export_name("_start"))) void start(void) {
}

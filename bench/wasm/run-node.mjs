// Runs a WASI module under Node's built-in WASI (V8) for the wasm benchmark: compiles it once,
// then instantiates and starts it WARMUPS + RUNS times, printing "ms=<run time>" on stderr for each
// timed run (instantiate + _start). The module's own output goes to stdout.
//   node run-node.mjs MODULE WARMUPS RUNS [ARGS...]
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const [module, warmups, runs, ...args] = process.argv.slice(2);
const compiled = await WebAssembly.compile(readFileSync(module));
for (let i = 0; i < Number(warmups) + Number(runs); i++) {
    const start = process.hrtime.bigint();
    const wasi = new WASI({ version: 'preview1', args: ['', ...args], env: {}, returnOnExit: true });
    const instance = await WebAssembly.instantiate(compiled, wasi.getImportObject());
    wasi.start(instance);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (i >= Number(warmups)) {
        process.stderr.write(`ms=${ms}\n`);
    }
}

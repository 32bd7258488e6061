// Runs in headless Chromium (bench/wasm.mjs serves it).
//   ?init=bytes  fetch the module's bytes, then time init() on them alone (compile +
//                instantiate: what the module itself costs, as Node's init reads the file)
//   ?init=url    time init() from the module's URL (fetch from the local server included)
//   otherwise    init from the URL, then the whole benchmark on /corpus.json
import init, { compile, compileProject } from '/pkg/web/spragc.js';
import { runCorpus } from '/bench/wasm-common.mjs';

const WASM = '/pkg/web/spragc_bg.wasm';
const mode = new URLSearchParams(location.search).get('init');
if (mode === 'bytes') {
    const t0 = performance.now();
    const bytes = await (await fetch(WASM)).arrayBuffer();
    const t1 = performance.now();
    await init({ module_or_path: bytes });
    window.__result = { fetchMs: t1 - t0, initMs: performance.now() - t1 };
} else {
    const t0 = performance.now();
    await init({ module_or_path: WASM });
    const initUrlMs = performance.now() - t0;
    if (mode === 'url') {
        window.__result = { initUrlMs };
    } else {
        const corpus = await (await fetch('/corpus.json')).json();
        window.__result = { initUrlMs, ...runCorpus({ compile, compileProject }, corpus, () => performance.now()) };
    }
}
window.__done = true;

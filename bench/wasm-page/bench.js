// Runs in headless Chromium (bench/wasm.mjs serves it). `?init` only times init();
// otherwise the whole benchmark runs on the corpus fetched from /corpus.json.
import init, { compile, compileProject } from '/pkg/web/spragc.js';
import { runCorpus } from '/bench/wasm-common.mjs';

const t0 = performance.now();
await init({ module_or_path: '/pkg/web/spragc_bg.wasm' });
const initMs = performance.now() - t0;

if (location.search.includes('init')) {
    window.__result = { initMs };
} else {
    const corpus = await (await fetch('/corpus.json')).json();
    window.__result = { initMs, ...runCorpus({ compile, compileProject }, corpus, () => performance.now()) };
}
window.__done = true;

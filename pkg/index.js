// Bundler and browser entry: `import { compile } from "spragc"`.
// Instantiates the WebAssembly module once with top-level await (Vite, webpack 5, Rollup
// and browsers handle `new URL("spragc_bg.wasm", import.meta.url)` and TLA); the calls
// are synchronous afterwards. For control over loading use "spragc/web" (init / initSync).
import init, { compile, compileProject, compileServer, version } from './web/spragc.js';

await init();

export { compile, compileProject, compileServer, version };

// WebAssembly benchmark (`node bench/wasm.mjs [--native .cache/bench/native-1.json]
// [--json out.json]`): size of the module, and in Node and in headless Chromium: init,
// first compile, warm per-class median over the template corpus (the file-level method of
// bench/native.rs, whose JSON also supplies the corpus and the 500-line file), and the
// 500-line file. Prints numbers; asserts nothing. bench/run.sh runs it after the native
// and reference benchmarks.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

import { launchChromium } from '../tests/lib/chromium.mjs';

import { median, runCorpus } from './wasm-common.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const nativePath = path.resolve(repo, opt('--native', '.cache/bench/native-1.json'));
const jsonOut = opt('--json', null);

const native = JSON.parse(fs.readFileSync(nativePath, 'utf8'));
const templatesDir = path.resolve(repo, native.templates_dir);
const snippet = 'from sprag import Component, ui\n\nclass Hello(Component):\n    def render(self, props=None):\n        return ui.p(f"hi {props.get(\'who\', \'there\')}")\n';
const corpus = {
    snippet,
    file500: native.file_500_source,
    files: native.files.map((f) => ({
        template: f.template,
        file: f.file,
        classes: f.classes,
        sources: Object.fromEntries(f.context.map((p) => [p, fs.readFileSync(path.join(templatesDir, `app_${f.template}`, p), 'utf8')])),
    })),
};

// --- size -------------------------------------------------------------------------------
const wasmPath = path.join(repo, 'pkg/web/spragc_bg.wasm');
const wasmBytes = fs.readFileSync(wasmPath);
const size = { raw: wasmBytes.length, gzip: zlib.gzipSync(wasmBytes, { level: 9 }).length };

// --- Node -------------------------------------------------------------------------------
// Init and first compile in fresh processes.
const inits = [];
const firsts = [];
for (let i = 0; i < 7; i += 1) {
    const out = execFileSync(process.execPath, ['-e', `
        const t0 = performance.now();
        const s = require(${JSON.stringify(path.join(repo, 'pkg/node/spragc.js'))});
        const t1 = performance.now();
        s.compile(${JSON.stringify(snippet)}, { filename: 'snippet.py' });
        const t2 = performance.now();
        console.log(JSON.stringify([t1 - t0, t2 - t1]));`], { encoding: 'utf8' });
    const [initMs, firstMs] = JSON.parse(out);
    inits.push(initMs);
    firsts.push(firstMs);
}
const nodeApi = await import(path.join(repo, 'pkg/node/index.mjs'));
const nodeRun = runCorpus(nodeApi, corpus, () => performance.now());
const nodeResult = { initMs: median(inits), ...nodeRun, firstCompileMs: median(firsts) };

// --- Chromium ---------------------------------------------------------------------------
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/corpus.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(corpus));
        return;
    }
    const rel = url.pathname === '/' ? 'bench/wasm-page/index.html' : decodeURIComponent(url.pathname).slice(1);
    const file = path.join(repo, rel);
    if (!file.startsWith(repo) || !fs.existsSync(file) || !(rel.startsWith('pkg/') || rel.startsWith('bench/'))) {
        res.writeHead(404).end();
        return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launchChromium();
let chromeResult;
try {
    // Init in fresh pages: from the module's bytes (the module's own cost) and from its URL.
    const pageInits = { bytes: [], fetch: [], url: [] };
    for (let i = 0; i < 7; i += 1) {
        for (const mode of ['bytes', 'url']) {
            const page = await browser.newPage();
            await page.goto(`${base}/bench/wasm-page/index.html?init=${mode}`);
            await page.waitForFunction(() => window.__done === true, null, { timeout: 30000 });
            const r = await page.evaluate(() => window.__result);
            if (mode === 'bytes') {
                pageInits.bytes.push(r.initMs);
                pageInits.fetch.push(r.fetchMs);
            } else {
                pageInits.url.push(r.initUrlMs);
            }
            await page.close();
        }
    }
    const page = await browser.newPage();
    await page.goto(`${base}/bench/wasm-page/index.html`);
    await page.waitForFunction(() => window.__done === true, null, { timeout: 300000 });
    chromeResult = { ...(await page.evaluate(() => window.__result)), initMs: median(pageInits.bytes), fetchMs: median(pageInits.fetch), initUrlMs: median(pageInits.url) };
} finally {
    await browser.close();
    server.close();
}

// --- report -----------------------------------------------------------------------------
const nativeFileLevel = median(native.files.flatMap((f) => f.classes.map(() => f.median_us / f.classes.length))) / 1000;
const result = {
    size,
    nativePerClassFileLevelMs: nativeFileLevel,
    nativeFile500Ms: native.file_500_ms,
    node: nodeResult,
    chromium: chromeResult,
};
const fmt = (ms) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);
console.log(`wasm: ${size.raw} bytes, ${size.gzip} gzip`);
for (const [name, r] of [['Node', nodeResult], ['Chromium', chromeResult]]) {
    const fromUrl = r.initUrlMs === undefined ? '' : ` (from the URL: ${fmt(r.initUrlMs)}; fetching the bytes alone: ${fmt(r.fetchMs)})`;
    console.log(`${name}: init ${fmt(r.initMs)}${fromUrl}, first compile ${fmt(r.firstCompileMs)}, per-class median ${fmt(r.perClassMedianMs)} (native ${fmt(nativeFileLevel)}), 500-line file ${fmt(r.file500Ms)} (native ${fmt(native.file_500_ms)})`);
}
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(result, null, 2));

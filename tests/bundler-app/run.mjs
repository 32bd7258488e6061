// Build tests/bundler-app with Vite (the spragc package + its Vite plugin), serve the
// output, open it in headless Chromium and check: the page compiled a snippet with the
// WebAssembly compiler, reported a broken snippet as a located diagnostic, and rendered a
// Component the plugin compiled from Python with the real Ragot. Also checks that a Python
// error fails `vite build` with file, line and column. Exits non-zero on any failure.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../lib/chromium.mjs';
import { build } from 'vite';

import spragc from '../../pkg/vite.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const ragot = path.join(repo, '.cache/spragkit-assets/ragot.esm.min.js');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.map': 'application/json' };

function serve(dir) {
    const server = http.createServer((req, res) => {
        const url = new URL(req.url, 'http://x');
        const file = path.join(dir, url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname));
        if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
            res.writeHead(404).end('not found');
            return;
        }
        res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
        fs.createReadStream(file).pipe(res);
    });
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function checkPage() {
    const started = Date.now();
    const outDir = path.join(here, 'dist');
    await build({ configFile: path.join(here, 'vite.config.js'), build: { outDir } });
    const built = fs.readdirSync(path.join(outDir, 'assets'));
    assert.ok(built.some((f) => f.endsWith('.wasm')), `the .wasm is emitted as an asset: ${built}`);
    console.log(`vite build: ok in ${Date.now() - started} ms (${built.join(', ')})`);

    const server = await serve(outDir);
    const browser = await launchChromium();
    try {
        const page = await browser.newPage();
        const problems = [];
        page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
        page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
        await page.goto(`http://127.0.0.1:${server.address().port}/`);
        await page.waitForFunction(() => window.__ready === true || window.__failed, null, { timeout: 20000 });
        // renderList fills the ui.For mount point after mount.
        await page.waitForSelector('#app li[data-id="2"]', { timeout: 5000 });
        const result = await page.evaluate(() => window.__result);
        assert.match(result.version, /^\d+\.\d+\.\d+$/);
        assert.deepEqual(result.files, ['components/Hello.js']);
        assert.equal(result.hasClass, true);
        assert.equal(result.errors, 0);
        assert.deepEqual(result.broken, [{ code: 'SPR001', line: 3, column: 16 }]);
        const html = await page.$eval('#app', (el) => el.innerHTML);
        // The ui.For items are rendered by Ragot's renderList (which adds data-_list-key).
        assert.equal(
            html,
            '<section class="greeting"><h1 class="title">Hello, bundler!</h1><span class="badge">2 items</span>'
                + '<p data-role="visits">Visits: 3</p><div data-sprag-mount="0" data-sprag-mount-kind="list">'
                + '<li data-id="1" data-_list-key="1">first</li><li data-id="2" data-_list-key="2">second</li></div></section>',
        );
        assert.deepEqual(problems, []);
        console.log(`page: in-page compile ok, broken snippet -> ${JSON.stringify(result.broken)}, component rendered:\n  ${html}`);
    } finally {
        await browser.close();
        server.close();
    }
}

async function checkBuildError() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spragc-broken-'));
    try {
        fs.mkdirSync(path.join(dir, 'app'));
        fs.writeFileSync(path.join(dir, 'app/__init__.py'), '');
        fs.writeFileSync(path.join(dir, 'app/broken.py'), 'from sprag import Component, ui\n\n\nclass Broken(Component):\n    def render(self, props=None):\n        return ui.p(1 // 2)\n');
        fs.writeFileSync(path.join(dir, 'index.html'), '<script type="module" src="./main.js"></script>\n');
        fs.writeFileSync(path.join(dir, 'main.js'), "import { Broken } from './app/broken.py';\nconsole.log(Broken);\n");
        await assert.rejects(
            build({
                root: dir,
                configFile: false,
                logLevel: 'silent',
                resolve: { alias: { ragot } },
                plugins: [spragc({ ragot: 'ragot' })],
                build: { outDir: path.join(dir, 'dist'), target: 'es2022' },
            }),
            (error) => {
                // Vite 8 (rolldown) reports plugin errors as "[plugin spragc] <file>:<line>:<column>"
                // followed by the message and the code frame, as its overlay shows them.
                const inner = (error.errors && error.errors[0]) || error;
                const text = `${error.message}\n${inner.message}`;
                assert.match(text, /app[/\\]broken\.py:6:20/);
                assert.match(text, /\[SPR103\] Unsupported operator in browser codegen: FloorDiv/);
                assert.match(text, /6 \|         return ui\.p\(1 \/\/ 2\)/);
                console.log(`broken .py: vite build failed as it should, at ${text.match(/broken\.py:\d+:\d+/)[0]}`);
                return true;
            },
        );
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

assert.ok(fs.existsSync(ragot), 'Ragot missing: run scripts/setup-reference.sh');
assert.ok(fs.existsSync(path.join(repo, 'pkg/web/spragc_bg.wasm')), 'pkg/web missing: run scripts/build-wasm.sh');
await checkPage();
await checkBuildError();
console.log('bundler app: all checks passed');

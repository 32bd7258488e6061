// Mock-server restart benchmark: in headless Chromium, through the preview page, the time
// from "files changed" to "mock server restarted and page payload ready": compile the project
// (WebAssembly: browser classes and server side), boot the mock server on the compiled
// modules (providers and controllers started), then render the route's page. For the counter
// and queue demos of the labs app (each as a project of its own), many runs, median kept.
// Prints numbers; asserts nothing.
//
//   node bench/mock.mjs [--runs 15] [--json PATH]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../tests/lib/chromium.mjs';
import { createServer, projectFiles } from '../www/preview/serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const RUNS = Number(option('--runs', 15));
const LABS = path.join(ROOT, '.cache/templates/app_labs');

/** A labs route as a project of its own: its route package, the app package and what it imports. */
function demo(route, init, extra = []) {
    const all = projectFiles(LABS);
    const files = { 'app/__init__.py': init, 'app/routes/__init__.py': '' };
    for (const [p, text] of Object.entries(all)) {
        if (p.startsWith(`app/routes/${route}/`) || extra.some((e) => p === e || p.startsWith(e)) || p === 'app/shell.html' || p === 'app/shell.css') files[p] = text;
    }
    return files;
}

const DEMOS = {
    counter: {
        path: '/counter',
        files: demo('counter', 'from sprag import App, shell\n\napp = App(routes="app.routes", shell=shell(template="app/shell.html", css=["app/shell.css"]))\n'),
    },
    queue: {
        path: '/queue-demo',
        files: demo(
            'queue_demo',
            'from sprag import App, shell\n\nfrom app.services.job_queue import job_queue\n\napp = App(routes="app.routes", providers={"job_queue": job_queue}, shell=shell(template="app/shell.html", css=["app/shell.css"]))\n',
            ['app/services/__init__.py', 'app/services/job_queue.py', 'app/stores.py'],
        ),
    },
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launchChromium();
const results = {};
try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/__spragc__/preview/`);
    await page.evaluate(() => window.spragcPreview.ready);
    for (const [name, spec] of Object.entries(DEMOS)) {
        const samples = await page.evaluate(async ({ files, route, runs }) => {
            const out = [];
            for (let i = 0; i < runs + 2; i += 1) {
                const t0 = performance.now();
                const loaded = await window.spragcPreview.load(files, { devReload: false });
                const t1 = performance.now();
                const response = await window.spragcPreview.request({ path: route });
                const t2 = performance.now();
                if (response.status !== 200 || !response.body.includes('__SPRAG_PAYLOAD__')) throw new Error(`${route}: ${response.status}`);
                if (loaded.diagnostics.some((d) => d.severity === 'error')) throw new Error(JSON.stringify(loaded.diagnostics[0]));
                out.push({ total: t2 - t0, load: t1 - t0, render: t2 - t1, compile: loaded.timings.compile, boot: loaded.timings.boot, imports: loaded.timings.boot_imports, start: loaded.timings.boot_providers + loaded.timings.boot_controllers, stop: loaded.timings.boot_stop_previous, urls: loaded.timings.boot_loader, site: loaded.timings.boot_site });
            }
            return out.slice(2); // the first runs warm up the worker and the WebAssembly
        }, { files: spec.files, route: spec.path, runs: RUNS });
        const pick = (k) => median(samples.map((s) => s[k]));
        results[name] = { files: Object.keys(spec.files).filter((p) => p.endsWith('.py')).length, runs: samples.length, totalMs: pick('total'), compileMs: pick('compile'), bootMs: pick('boot'), importsMs: pick('imports'), startMs: pick('start'), stopMs: pick('stop'), urlsMs: pick('urls'), siteMs: pick('site'), renderMs: pick('render') };
    }
} finally {
    await browser.close();
    server.close();
}

console.log('mock server restart (Chromium, files changed -> page payload ready), medians:');
for (const [name, r] of Object.entries(results)) {
    console.log(`  ${name.padEnd(8)} ${r.totalMs.toFixed(1)} ms  (compile ${r.compileMs.toFixed(1)}, boot ${r.bootMs.toFixed(1)} [stop previous ${r.stopMs.toFixed(1)}, imports ${r.importsMs.toFixed(1)}, start ${r.startMs.toFixed(1)}, site ${r.siteMs.toFixed(1)}], render ${r.renderMs.toFixed(1)}; ${r.files} Python files, ${r.runs} runs)  target <= 30 ms: ${r.totalMs <= 30 ? 'met' : 'NOT met'}`);
}
const out = option('--json', null);
if (out) fs.writeFileSync(out, JSON.stringify(results, null, 2));

// The preview page in headless Chromium, for what the conformance suite does not cover:
// the inspector's event stream (requests, responses, prints, store changes, socket frames),
// broadcasts reaching the page under dev mode (the labs watcher's SSE pulses), and a runaway
// loop in server code stopping and restarting the mock server instead of freezing the page.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../lib/chromium.mjs';
import { createServer, projectFiles } from '../../www/preview/serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launchChromium();
const checks = [];
const check = async (name, fn) => {
    try {
        await fn();
        checks.push(`ok   ${name}`);
    } catch (error) {
        checks.push(`FAIL ${name}: ${error.message}`);
    }
};

async function open(query) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/__spragc__/preview/?${new URLSearchParams(query)}`);
    await page.evaluate(() => window.spragcPreview.ready);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    await frame.waitForFunction(() => window.__SPRAG_RUNTIME_ROOT__, null, { timeout: 15000 });
    return { page, frame };
}

const events = (page, type) => page.evaluate((t) => window.spragcPreview.events.filter((e) => e.type === t), type);

try {
    await check('the event stream shows requests, responses, socket frames and store changes', async () => {
        const { page, frame } = await open({ project: '/__spragc__/project/labs.json', route: '/store-demo', dev: '0' });
        await frame.click('[data-role="bump"]');
        await frame.waitForFunction(() => /\b1\b/.test(document.querySelector('#app-root').innerText));
        const requests = await events(page, 'http.request');
        assert.ok(requests.some((e) => e.data.path === '/store-demo' && e.data.method === 'GET'), 'page GET');
        assert.ok(requests.some((e) => e.data.method === 'POST' && e.data.body.includes('"bump"')), 'action POST');
        const responses = await events(page, 'http.response');
        assert.ok(responses.some((e) => e.data.status === 200 && e.data.body.includes('"ok": true')), 'action response');
        const stores = await events(page, 'store.change');
        assert.ok(stores.some((e) => e.data.name === 'lab_tally' && e.data.state.count === 1), JSON.stringify(stores));
        const seqs = (await page.evaluate(() => window.spragcPreview.events.map((e) => e.seq))).filter((s) => s > 0);
        assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i), 'seq increases by one');
    });

    await check('sockets: ping/pong through the page shim, with frames in the event stream', async () => {
        const { page, frame } = await open({ project: '/__spragc__/project/labs.json', route: '/socket-demo', dev: '0' });
        await frame.click('[data-role="socket-ping"]');
        await frame.waitForFunction(() => /Controller received ping/.test(document.querySelector('#app-root').innerText), null, { timeout: 10000 });
        const frames = await events(page, 'socket.frame');
        assert.ok(frames.some((e) => e.data.direction === 'in' && e.data.frame.type === 'hello'), 'hello in');
        assert.ok(frames.some((e) => e.data.direction === 'out' && e.data.frame.event === 'lab:socket.pong'), 'pong out');
    });

    await check('under dev mode broadcasts reach the page (watcher pulses over the EventSource shim)', async () => {
        const { frame } = await open({ project: '/__spragc__/project/labs.json', route: '/watcher-demo' });
        const ticks = () => frame.evaluate(() => Number((document.querySelector('#app-root').innerText.match(/pulse (\d+)/) || [])[1] || 0));
        const first = await ticks();
        await frame.waitForFunction((n) => Number((document.querySelector('#app-root').innerText.match(/pulse (\d+)/) || [])[1] || 0) > n + 1, first, { timeout: 10000 });
    });

    await check('a sketch without page.py or web.py runs: the page is inferred from its folder', async () => {
        const { page, frame } = await open({ project: '/__spragc__/project/labs.json', route: '/counter', dev: '0' });
        const files = projectFiles(path.join(ROOT, 'tests/mock/sketch_app'));
        await page.evaluate((f) => window.spragcPreview.load(f, { devReload: false }), files);
        await frame.goto(new URL('/tally', frame.url()).href);
        await frame.waitForFunction(() => window.__SPRAG_RUNTIME_ROOT__ && /Tally/.test(document.body.innerText));
        assert.equal(await frame.textContent('[data-role="count"]'), '5');
        await frame.click('[data-role="add"]');
        await frame.waitForFunction(() => document.querySelector('[data-role="count"]').textContent === '7');
    });

    await check('a request sent while the server restarts is answered by the new server', async () => {
        const { page } = await open({ project: '/__spragc__/project/labs.json', route: '/counter', dev: '0' });
        const files = projectFiles(path.join(ROOT, '.cache/templates/app_labs'));
        const page_py = 'app/routes/counter/page.py';
        assert.match(files[page_py], /Counter — SPRAG Labs/);
        files[page_py] = files[page_py].replace('Counter — SPRAG Labs', 'Counter, restarted');
        // The load is not awaited: the request reaches the worker while it compiles and boots.
        const response = await page.evaluate(async (f) => {
            const loading = window.spragcPreview.load(f, { devReload: false });
            const answer = window.spragcPreview.request({ path: '/counter' });
            await loading;
            return answer;
        }, files);
        assert.equal(response.status, 200, response.body);
        assert.match(response.body, /<title>Counter, restarted<\/title>/);
    });

    await check('an endless loop in an action stops and restarts the mock server, the page keeps working', async () => {
        const files = projectFiles(path.join(ROOT, '.cache/templates/app_labs'));
        files['app/routes/counter/server.py'] = files['app/routes/counter/server.py'].replace(
            'return {"count": count + 1}',
            'print("incrementing", count)\n        while count >= 2:\n            pass\n        return {"count": count + 1}',
        );
        const { page, frame } = await open({ project: '/__spragc__/project/labs.json', route: '/counter', dev: '0', timeout: '2000' });
        await page.evaluate((f) => window.spragcPreview.load(f, { devReload: false }), files);
        await frame.goto(frame.url());
        await frame.waitForFunction(() => window.__SPRAG_RUNTIME_ROOT__);
        await frame.click('[data-role="increment"]');
        await frame.click('[data-role="increment"]');
        await frame.waitForFunction(() => /\b2\b/.test(document.querySelector('#app-root').innerText));
        await frame.click('[data-role="increment"]'); // count 2: loops forever
        await page.waitForFunction(() => window.spragcPreview.events.some((e) => e.type === 'server.stopped'), null, { timeout: 15000 });
        const stopped = await events(page, 'server.stopped');
        assert.match(stopped[0].data.reason, /did not answer POST \/__sprag__\/actions within 2 s/);
        const prints = await events(page, 'print');
        assert.ok(prints.some((e) => e.data.text === 'incrementing 0\n'), JSON.stringify(prints));
        // The restarted server answers again (with the same files).
        await page.waitForFunction(() => window.spragcPreview.events.filter((e) => e.type === 'server.ready').length >= 3, null, { timeout: 15000 });
        await frame.goto(frame.url());
        await frame.waitForFunction(() => window.__SPRAG_RUNTIME_ROOT__);
        await frame.click('[data-role="increment"]');
        await frame.waitForFunction(() => /\b1\b/.test(document.querySelector('#app-root').innerText));
    });
} finally {
    await browser.close();
    server.close();
}
console.log(checks.join('\n'));
const failed = checks.filter((c) => c.startsWith('FAIL')).length;
console.log(`preview: ${checks.length - failed}/${checks.length} checks pass`);
process.exitCode = failed ? 1 : 0;

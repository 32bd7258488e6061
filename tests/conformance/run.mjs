// Drop-in conformance: real SPRAG apps, the real SPRAG server, the real browser runtime and
// Ragot, a real Chromium; only the compiled Components and Modules differ.
//
// For each template (labs, default, docs) with its `sprag build` output under
// .cache/templates/app_<t>/dist:
//   1. copy dist twice: `reference` as built, `spragc` with public/generated/components and
//      public/generated/modules (and their maps) replaced by `spragc build`'s output;
//   2. serve each copy with its own built server (`python server.py`, 127.0.0.1, free port),
//      one at a time;
//   3. run the scripted scenario of every route (scenarios.mjs) in headless Chromium, one
//      fresh browser context per route, recording after every step the visible text and the
//      normalised HTML of #app-root, the title, the URL, console errors and failed requests;
//   4. for labs and default, run the same scenarios on the mock server: the preview page
//      (www/preview) compiles the app's files with the WebAssembly build, boots the mock SPRAG
//      server in a Web Worker and opens the route in its iframe, where the steps run;
//   5. compare each candidate run with the reference run step by step. A route passes when
//      every step matches and the candidate has no console error or failed request that the
//      reference run lacks.
//
// Prints the tables and writes tests/conformance/RESULTS.md. Exit code 1 when a route fails.
//
// Usage: node tests/conformance/run.mjs [--template labs] [--route /counter] [--keep]
//          [--mock | --no-mock] [--spragc target/release/spragc] [--dump DIR]
//   --mock      only the mock server as candidate; --no-mock: only spragc's build
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium } from '../lib/chromium.mjs';
import { freePort, startSpragServer as startServer } from '../lib/sprag_server.mjs';
import { SCENARIOS } from './scenarios.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const cache = path.join(repo, '.cache');

const args = parseArgs(process.argv.slice(2));
const spragc = path.resolve(repo, args.spragc || 'target/release/spragc');
const onlyTemplates = args.template ? [args.template] : Object.keys(SCENARIOS);

function parseArgs(argv) {
    const out = {};
    for (let i = 0; i < argv.length; i += 1) {
        const key = argv[i].replace(/^--/, '');
        if (key === 'keep' || key === 'mock' || key === 'no-mock') out[key] = true;
        else out[key] = argv[++i];
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The two copies of a built app

function prepareCopies(template) {
    const app = path.join(cache, 'templates', `app_${template}`);
    const dist = path.join(app, 'dist');
    if (!fs.existsSync(path.join(dist, 'server.py'))) {
        throw new Error(`${dist} has no server.py: run scripts/setup-reference.sh first`);
    }
    const root = path.join(cache, 'conformance', template);
    fs.rmSync(root, { recursive: true, force: true });
    const reference = path.join(root, 'reference');
    const candidate = path.join(root, 'spragc');
    fs.cpSync(dist, reference, { recursive: true });
    fs.cpSync(dist, candidate, { recursive: true });

    const built = path.join(root, 'spragc-build');
    execFileSync(spragc, ['build', app, '--out', built], { stdio: ['ignore', 'ignore', 'inherit'] });
    let replaced = 0;
    for (const kind of ['components', 'modules']) {
        const target = path.join(candidate, 'public/generated', kind);
        const ours = path.join(built, kind);
        // Every reference file goes, so a class spragc did not produce shows up as a failure.
        fs.rmSync(target, { recursive: true, force: true });
        fs.mkdirSync(target, { recursive: true });
        if (!fs.existsSync(ours)) continue;
        for (const file of fs.readdirSync(ours)) {
            fs.copyFileSync(path.join(ours, file), path.join(target, file));
            if (file.endsWith('.js')) replaced += 1;
        }
    }
    return { reference, candidate, replaced };
}

// ---------------------------------------------------------------------------------------------
// The real SPRAG server

/** The preview server (www/preview/serve.mjs): the mock SPRAG server runs in the page. */
async function startPreview() {
    const { createServer } = await import('../../www/preview/serve.mjs');
    const server = createServer();
    const port = await freePort();
    await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
    return { base: `http://127.0.0.1:${port}`, log: () => '', stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Driving one route

// Installed before any page script: remembers when the DOM last changed.
function trackMutations() {
    window.__conformanceLastMutation = performance.now();
    const observe = () => {
        new MutationObserver(() => { window.__conformanceLastMutation = performance.now(); })
            .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    };
    observe();
}

class PageProbe {
    constructor(page, base) {
        this.page = page;
        this.base = base;
        /** Where the app runs: the page, or the preview's app iframe (mock mode). */
        this.target = page;
        this.inflight = new Set();
        this.lastNetwork = Date.now();
        this.consoleErrors = [];
        this.failedRequests = [];
        const local = (url) => url.startsWith(base);
        page.on('console', (m) => {
            if (m.type() === 'error') this.consoleErrors.push(m.text());
        });
        page.on('pageerror', (e) => this.consoleErrors.push(`uncaught: ${e.message}`));
        page.on('request', (r) => {
            // The SSE stream stays open for the page's life: it never settles.
            if (r.url().includes('/__sprag__/events')) return;
            this.inflight.add(r);
            this.lastNetwork = Date.now();
        });
        const done = (r) => {
            this.inflight.delete(r);
            this.lastNetwork = Date.now();
        };
        page.on('requestfinished', done);
        page.on('requestfailed', (r) => {
            done(r);
            if (local(r.url()) && !r.url().includes('/__sprag__/events')) {
                this.failedRequests.push(`${r.method()} ${this.short(r.url())} (${r.failure()?.errorText})`);
            }
        });
        page.on('response', (r) => {
            if (r.status() >= 400 && local(r.url())) {
                this.failedRequests.push(`HTTP ${r.status()} ${r.request().method()} ${this.short(r.url())}`);
            }
        });
        page.on('websocket', (ws) => {
            const touch = () => { this.lastNetwork = Date.now(); };
            ws.on('framesent', touch);
            ws.on('framereceived', touch);
        });
    }

    short(url) {
        return url.startsWith(this.base) ? url.slice(this.base.length) : url;
    }

    // Quiet = no request in flight, no socket frame and no DOM change for `quietMs`.
    async settle({ quietMs = 300, maxMs = 6000 } = {}) {
        const start = Date.now();
        for (;;) {
            await sleep(50);
            const now = Date.now();
            let domIdle = quietMs;
            try {
                domIdle = await this.target.evaluate(() => performance.now() - (window.__conformanceLastMutation || 0));
            } catch { /* navigating */ domIdle = 0; }
            if (this.inflight.size === 0 && now - this.lastNetwork >= quietMs && domIdle >= quietMs) return true;
            if (now - start > maxMs) return false;
        }
    }

    async waitForBoot() {
        // Routes with a surface script boot the SPRAG runtime; document routes have none.
        const hasSurface = await this.target.evaluate(
            () => !!document.querySelector('script[type="module"][src*="/surfaces/"], link[rel="modulepreload"][href*="/surfaces/"]'),
        );
        if (!hasSurface) return;
        await this.target.waitForFunction(
            () => window.__SPRAG_RUNTIME_ROOT__ || document.querySelector('[data-sprag-boot-error]'),
            null,
            { timeout: 15000 },
        ).catch(() => {});
    }

    drain() {
        const out = { console: this.consoleErrors, failed: this.failedRequests };
        this.consoleErrors = [];
        this.failedRequests = [];
        return out;
    }
}

async function capture(page) {
    return page.evaluate(() => {
        const root = document.querySelector('#app-root') || document.body;
        const head = [...document.head.querySelectorAll('meta[name], meta[property], link[rel="canonical"]')]
            .map((el) => el.outerHTML)
            .join('\n');
        return {
            url: location.pathname + location.search,
            title: document.title,
            head,
            text: root ? root.innerText : '',
            html: root ? root.innerHTML : '',
            // Form controls keep their live value outside the HTML.
            values: [...(root ? root.querySelectorAll('input, textarea, select') : [])]
                .map((el) => (el.type === 'checkbox' || el.type === 'radio' ? `${el.name}=${el.checked}` : `${el.name}=${el.value}`))
                .join('&'),
        };
    });
}

function stepLabel(step) {
    if (step.label) return step.label;
    switch (step.do) {
        case 'goto': return `open ${step.path}`;
        case 'click': return `click ${step.sel}`;
        case 'fill': return `fill ${step.sel} = ${JSON.stringify(step.value)}`;
        case 'check': return `check ${step.sel}`;
        case 'uncheck': return `uncheck ${step.sel}`;
        case 'press': return `press ${step.key} on ${step.sel}`;
        case 'select': return `select ${step.sel} = ${step.value}`;
        case 'files': return `attach ${step.files.map((f) => f.name).join(', ')} to ${step.sel}`;
        case 'scroll': return `scroll ${step.sel} to ${step.top}`;
        case 'waitText': return `wait for ${step.text}`;
        case 'wait': return `wait ${step.ms} ms`;
        default: return step.do;
    }
}

async function perform(page, probe, step) {
    switch (step.do) {
        case 'goto':
            if (probe.preloaded) {
                // Mock mode: the preview host already opened the route in its iframe.
                probe.preloaded = false;
            } else {
                await page.goto(probe.base + step.path, { waitUntil: 'load' });
            }
            await probe.waitForBoot();
            break;
        case 'click': {
            const nav = step.navigates ? page.waitForNavigation({ waitUntil: 'load', timeout: 15000 }).catch(() => {}) : null;
            await page.click(step.sel, { timeout: 5000 });
            if (nav) {
                await nav;
                await probe.waitForBoot();
            }
            break;
        }
        case 'fill': await page.fill(step.sel, step.value, { timeout: 5000 }); break;
        case 'check': await page.check(step.sel, { timeout: 5000 }); break;
        case 'uncheck': await page.uncheck(step.sel, { timeout: 5000 }); break;
        case 'press': await page.press(step.sel, step.key, { timeout: 5000 }); break;
        case 'select': await page.selectOption(step.sel, step.value, { timeout: 5000 }); break;
        case 'files':
            await page.setInputFiles(step.sel, step.files.map((f) => ({
                name: f.name, mimeType: f.mimeType || 'text/plain', buffer: Buffer.from(f.content),
            })), { timeout: 5000 });
            break;
        case 'scroll':
            await page.$eval(step.sel, (el, top) => { el.scrollTop = top; el.dispatchEvent(new Event('scroll')); }, step.top);
            break;
        case 'waitText':
            await page.waitForFunction(
                // A leading `(?i)` makes the pattern case-insensitive, as in Python.
                (re) => new RegExp(re.replace(/^\(\?i\)/, ''), re.startsWith('(?i)') ? 'i' : '').test((document.querySelector('#app-root') || document.body).innerText),
                step.text,
                { timeout: step.timeout || 10000 },
            );
            break;
        case 'wait': await sleep(step.ms); break;
        default: throw new Error(`unknown step ${JSON.stringify(step)}`);
    }
}

// Values that differ between any two runs of the same server: session ids, job ids,
// times, the port. Each scenario may add its own (tick counters and the like).
const COMMON_NORMALISERS = [
    [/https?:\/\/127\.0\.0\.1:\d+/g, 'ORIGIN'],
    // Session ids and tokens: 32 URL-safe characters, which may begin or end with '-'.
    [/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/g, 'TOKEN'],
    [/\b[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\b/g, 'UUID'],
    [/\b[0-9a-f]{12,}\b/g, 'HEX'],
    [/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?/g, 'ISO-TIME'],
    [/\b\d{1,2}:\d{2}:\d{2}( ?[AP]M)?\b/g, 'CLOCK'],
    [/\b1[6-9]\d{8}(\.\d+|\d{3})?\b/g, 'EPOCH'],
];

function normalise(value, extra) {
    let out = value;
    for (const [re, sub] of [...COMMON_NORMALISERS, ...(extra || [])]) out = out.replace(re, sub);
    return out;
}

// Console messages point into generated files whose line/column layouts legitimately differ.
function normaliseMessage(message, extra) {
    return normalise(message, extra).replace(/:\d+:\d+/g, ':L:C').replace(/:\d+\)/g, ':L)');
}

async function runRoute(browser, base, route, preview = null) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    await context.addInitScript(trackMutations);
    const page = await context.newPage();
    const probe = new PageProbe(page, base);
    if (preview) {
        // The mock server: the preview host compiles the app, boots the mock server in its
        // worker and opens the route in its iframe, where every step then runs.
        const query = new URLSearchParams({ project: `/__spragc__/project/${preview.template}.json`, route: route.path, dev: '0' });
        await page.goto(`${base}/__spragc__/preview/?${query}`, { waitUntil: 'load' });
        await page.evaluate(() => window.spragcPreview.ready);
        await page.waitForFunction(() => window.spragcPreview.frame.contentWindow?.location.pathname !== 'blank', null, { timeout: 15000 });
        probe.target = page.frames().find((f) => f !== page.mainFrame());
        await probe.target.waitForLoadState('load');
        probe.preloaded = true;
    }
    const target = probe.target;
    const steps = [{ do: 'goto', path: route.path }, ...expand(route.steps || [])];
    const records = [];
    try {
        for (const step of steps) {
            const record = { label: stepLabel(step) };
            try {
                await perform(target, probe, step);
                const settled = await probe.settle(step.settle || route.settle);
                if (!settled && !route.busy) record.unsettled = true;
                const snap = await capture(target);
                for (const key of Object.keys(snap)) snap[key] = normalise(snap[key], route.normalise);
                Object.assign(record, snap);
            } catch (error) {
                record.error = error.message.split('\n')[0];
            }
            const { console: consoleErrors, failed } = probe.drain();
            record.console = consoleErrors.map((m) => normaliseMessage(m, route.normalise));
            record.failed = failed.map((m) => normalise(m, route.normalise));
            records.push(record);
        }
    } finally {
        await context.close();
    }
    return records;
}

function expand(steps) {
    const out = [];
    for (const step of steps) {
        const times = step.times || 1;
        for (let i = 0; i < times; i += 1) {
            out.push(times > 1 ? { ...step, label: `${stepLabel(step)} (${i + 1}/${times})` } : step);
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Comparing the runs

const COMPARED = ['error', 'url', 'title', 'head', 'text', 'html', 'values'];

function missingFrom(candidate, reference) {
    const left = [...reference];
    const extra = [];
    for (const item of candidate) {
        const i = left.indexOf(item);
        if (i >= 0) left.splice(i, 1);
        else extra.push(item);
    }
    return extra;
}

function compareRoute(route, refRecords, ourRecords) {
    const problems = [];
    const notes = [];
    let identical = 0;
    // A documented reference bug: from step `from` on the runs may differ, because the
    // reference's JavaScript is wrong there; spragc's run must then show what the Python
    // means (`expect`: step -> regex on the visible text) and have no error of its own.
    const bug = route.referenceBug;
    const steps = [{ do: 'goto', path: route.path }, ...expand(route.steps || [])];
    for (let i = 0; i < refRecords.length; i += 1) {
        const ref = refRecords[i];
        const ours = ourRecords[i];
        const diffs = COMPARED.filter((key) => (ref[key] ?? null) !== (ours[key] ?? null));
        // Errors of resource loads (a 404 favicon, say) arrive asynchronously and may be
        // drained one step earlier or later in one run than in the other: the reference run's
        // neighbouring steps count too.
        const near = (key) => [refRecords[i - 1], ref, refRecords[i + 1]].flatMap((r) => r?.[key] || []);
        const extraConsole = missingFrom(ours.console, near('console'));
        const extraFailed = missingFrom(ours.failed, near('failed'));
        const details = [];
        for (const m of extraConsole) details.push(`console error only in spragc's run: ${m}`);
        for (const m of extraFailed) details.push(`failed request only in spragc's run: ${m}`);
        if (ours.error && ours.error !== ref.error) details.push(`step failed in spragc's run: ${ours.error}`);
        const afterBug = bug && i + 1 >= bug.from;
        const step = steps[i];
        if (step?.volatile) {
            // Performed, not compared: only errors of spragc's own count.
        } else if (afterBug) {
            const expected = bug.expect?.[i + 1];
            if (expected && !new RegExp(expected).test(ours.text || '')) {
                details.push(`spragc's run should show /${expected}/ here (reference bug: ${bug.why}); it shows:\n${showDiff('', ours.text)}`);
            }
        } else {
            details.unshift(...diffs.map((key) => `${key} differs:\n${showDiff(ref[key], ours[key])}`));
        }
        if (details.length === 0 && (diffs.length === 0 || afterBug || step?.volatile)) {
            identical += diffs.length === 0 ? 1 : 0;
        } else if (details.length) {
            problems.push({ step: i + 1, label: ref.label, details });
        }
        if (ref.error && !afterBug) notes.push(`step ${i + 1} fails in the reference run too: ${ref.error}`);
        if (ref.unsettled) notes.push(`step ${i + 1} never settled (${ref.label})`);
        const refOnly = missingFrom(ref.console, ours.console);
        for (const m of refOnly) notes.push(`reference-only console error at step ${i + 1}: ${m.split('\n')[0]}`);
        for (const m of ref.console.filter((m) => ours.console.includes(m))) {
            notes.push(`console error in both runs at step ${i + 1}: ${m.split('\n')[0]}`);
        }
    }
    if (bug) {
        const differing = refRecords.length - identical;
        notes.unshift(`reference bug from step ${bug.from}: ${bug.why}; ${differing} step(s) differ, spragc's checked against what the Python means`);
    }
    return { identical, steps: refRecords.length, problems, notes: [...new Set(notes)] };
}

function showDiff(a, b) {
    const left = String(a ?? '(none)');
    const right = String(b ?? '(none)');
    let start = 0;
    while (start < left.length && left[start] === right[start]) start += 1;
    const from = Math.max(0, start - 80);
    return `    reference: …${left.slice(from, start + 160)}…\n    spragc:    …${right.slice(from, start + 160)}…`;
}

// ---------------------------------------------------------------------------------------------

/** Templates whose routes the mock server runs (docs reads its pages from disk). */
const MOCK_TEMPLATES = new Set(['labs', 'default']);

/** What each template's reference run is compared with: spragc's build on the real server,
 *  and (labs, default) spragc's compiled app on the mock server in the preview page. */
function candidatesFor(template, copies) {
    const out = [];
    if (!args.mock) out.push({ name: 'spragc', dir: copies.candidate });
    if (!args['no-mock'] && MOCK_TEMPLATES.has(template)) out.push({ name: 'mock', dir: null });
    return out;
}

async function runTemplate(browser, template, copies) {
    const routes = SCENARIOS[template].filter((r) => !args.route || r.path === args.route);
    const runs = {};
    const candidates = candidatesFor(template, copies);
    for (const { name, dir } of [{ name: 'reference', dir: copies.reference }, ...candidates]) {
        const server = dir ? await startServer(dir) : await startPreview();
        try {
            runs[name] = [];
            for (const route of routes) {
                runs[name].push(await runRoute(browser, server.base, route, dir ? null : { template }));
            }
        } finally {
            await server.stop();
        }
        if (args.dump) {
            fs.mkdirSync(args.dump, { recursive: true });
            fs.writeFileSync(path.join(args.dump, `${template}-${name}.json`), JSON.stringify(runs[name], null, 2));
        }
    }
    return candidates.flatMap(({ name }) => routes.map((route, i) => ({ template, candidate: name, route, ...compareRoute(route, runs.reference[i], runs[name][i]) })));
}

function markdownTable(results) {
    const rows = ['| template | route | steps | identical | result | notes |', '| --- | --- | ---: | ---: | --- | --- |'];
    for (const r of results) {
        const ok = r.problems.length === 0;
        const notes = [...(r.route.note ? [r.route.note] : []), ...r.notes].join('; ').replace(/\|/g, '\\|');
        rows.push(`| ${r.template} | \`${r.route.path}\` | ${r.steps} | ${r.identical} | ${ok ? 'pass' : '**FAIL**'} | ${notes} |`);
    }
    return rows.join('\n');
}

const CANDIDATES = {
    spragc: 'sprag build vs spragc build, both on the real SPRAG server',
    mock: 'real SPRAG server (sprag build) vs the mock server in the page (spragc, www/preview)',
};

function summary(results) {
    const passed = results.filter((r) => r.problems.length === 0).length;
    const steps = results.reduce((n, r) => n + r.steps, 0);
    const same = results.reduce((n, r) => n + r.identical, 0);
    return { passed, total: results.length, steps, same, text: `${passed}/${results.length} routes pass, ${same}/${steps} steps identical` };
}

async function main() {
    if (!fs.existsSync(spragc)) throw new Error(`${spragc} not found: cargo build --release first`);
    const started = Date.now();
    const browser = await launchChromium();
    const results = [];
    let replacedTotal = 0;
    try {
        for (const template of onlyTemplates) {
            const copies = prepareCopies(template);
            replacedTotal += copies.replaced;
            const t0 = Date.now();
            const templateResults = await runTemplate(browser, template, copies);
            results.push(...templateResults);
            for (const name of Object.keys(CANDIDATES)) {
                const mine = templateResults.filter((r) => r.candidate === name);
                if (mine.length) console.log(`${template} (${name}): ${summary(mine).text}`);
            }
            console.log(`${template}: ${copies.replaced} generated classes replaced (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
            if (!args.keep) fs.rmSync(path.join(cache, 'conformance', template), { recursive: true, force: true });
        }
    } finally {
        await browser.close();
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const sections = [];
    for (const [name, title] of Object.entries(CANDIDATES)) {
        const mine = results.filter((r) => r.candidate === name);
        if (!mine.length) continue;
        console.log(`\n${title}\n\n${markdownTable(mine)}\n\n${summary(mine).text}`);
        sections.push(`## ${title}`, '', `${summary(mine).text}.`, '', markdownTable(mine), '');
    }
    const all = summary(results);
    console.log(`\n${all.text}, ${seconds} s`);
    for (const r of results) {
        for (const p of r.problems) {
            console.log(`\nFAIL ${r.template} (${r.candidate}) ${r.route.path} step ${p.step} (${p.label}):\n  ${p.details.join('\n  ')}`);
        }
    }
    if (!args.route && !args.template && !args.mock && !args['no-mock']) {
        const chromiumVersion = execFileSync(process.env.CHROMIUM || '/usr/bin/chromium', ['--version']).toString().trim();
        fs.writeFileSync(path.join(here, 'RESULTS.md'), [
            '# Conformance results',
            '',
            `Latest run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${chromiumVersion}, spragkit 0.1.24's built server.`,
            `Produced by \`node tests/conformance/run.mjs\` (part of \`scripts/test\`): ${replacedTotal} generated classes replaced by`,
            `spragc's; ${all.text}, ${seconds} s.`,
            '',
            'Each template\'s routes run once against the reference (the `sprag build` output served by the real',
            'SPRAG server) and once against each candidate: the same build with spragc\'s JavaScript on the real',
            'server, and (labs, default) the app compiled by spragc running on the mock server in the preview page',
            '(www/preview, www/mock). A route passes when, after every step, the URL, title, head metadata, visible',
            'text, normalised HTML and form values match the reference run, and the candidate has no console error',
            'or failed request that the reference run lacks. Where the reference\'s JavaScript is wrong (a documented',
            'reference bug, see tests/conformance/scenarios.mjs), the steps after it may differ and the candidate is',
            'checked against what the Python means instead. Steps that race inside the app itself (queue',
            'cancellation) are performed but only checked for errors. Notes list what both runs share.',
            '',
            ...sections,
        ].join('\n'));
    }
    process.exit(all.passed === all.total ? 0 : 1);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});

#!/usr/bin/env node
// Differential renderer: mounts every generated SPRAG component of one built
// "public" tree inside happy-dom the way the browser runtime would, and
// records the resulting HTML per class.
//
//   node tests/differential/render.mjs <public-dir> [--manifest <manifest.js|.json>]
//        [--out <file.json>] [--verbose]
//
// <public-dir> is laid out like `sprag build`'s dist/public:
//   generated/components/<Class>.js, generated/modules/<Class>.js,
//   generated/stores.js, generated/manifest.js, vendor/ragot.esm.min.js,
//   runtime/*.js (the SPRAG browser runtime, used as-is), <page>/index.html.
//
// Output: JSON object, keys sorted:
//   "<Class>"              HTML of the mount container after onStart + settling
//   "<Class>#<path>"       same, when several hydration entries render <Class>
//   "module:<Class>"       "OK" if `new Class(state)` does not throw
// A value is "ERROR: <message>" when mounting threw synchronously. Anything
// observable that happened while the component settled is appended as extra
// lines: "[async error] ..." (uncaught errors / unhandled rejections) and
// "[console.<level>] ..." (console output: SPRAG/Ragot report many caught
// errors only through console.warn/error).
//
// How each class is mounted (mirrors runtime/boot.js + runtime/hydration.js):
//   * hydration entry (manifest routes[].hydration[]): the page's boot globals
//     are installed as BootModule.boot() does, then a real runtime SurfaceRoot
//     is started with payload.hydration = [entry], so providers start first and
//     mountHydrationEntry() builds `new Cls(state, {props, module: null})`,
//     `new Mod(module_state)`, wires them and starts the module (or calls
//     component.mount(target) when the entry has no module);
//   * mount root (manifest mounts[]): same, through mountClientSurface() with
//     payload.boot taken from the built page (<public><output>index.html);
//     for both, the rest of window.__SPRAG_PAYLOAD__ (page flags, auth, ...)
//     also comes from the built page when it exists, and the page's classic
//     <script src> files (third-party globals) run first;
//   * any other component class (children, document-mode screens):
//     `new Cls({}, {props: {}, module: null}).mount(container)`.
//
// Determinism: network is disabled (fetch rejects like an unreachable static
// host, WebSocket never connects), timers are virtual (only zero-delay
// timeouts run, in a fixed order; longer timers and intervals never fire),
// requestAnimationFrame callbacks run during a fixed number of event-loop
// rounds, canvases get an inert 2D context, and every render gets a fresh
// document body/head, fresh store state and has its timers dropped after.
// Absolute paths of the tree are replaced by <public> in recorded messages.
//
// One render per process: globals, module caches and Ragot's registry are
// process-wide, so callers (compare.mjs) spawn one process per tree.

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import vm from 'node:vm';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';

// Event-loop rounds a mounted component gets to settle: promise chains,
// requestAnimationFrame re-renders (Ragot's setState), zero-delay timeouts.
const SETTLE_ROUNDS = 16;
// Upper bound on zero-delay timeouts run per round (guards timer loops).
const MAX_TIMERS_PER_ROUND = 200;
const ORIGIN = 'http://localhost';

// --------------------------------------------------------------------------
// Diagnostics capture
// --------------------------------------------------------------------------

let publicDirForMessages = null;

// Absolute paths of the rendered tree differ between the reference and the
// candidate copy; they are the only thing rewritten in recorded messages.
function scrub(text) {
    let out = String(text);
    if (publicDirForMessages) {
        out = out.split(pathToFileURL(publicDirForMessages).href).join('<public>');
        out = out.split(publicDirForMessages).join('<public>');
    }
    return out;
}

function errorMessage(error) {
    if (error && typeof error === 'object' && 'message' in error) {
        const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
        return scrub(`${name}${error.message}`);
    }
    return scrub(String(error));
}

function formatArg(arg) {
    if (typeof arg === 'string') return arg;
    if (arg instanceof Error || (arg && typeof arg === 'object' && 'stack' in arg && 'message' in arg)) {
        return errorMessage(arg);
    }
    if (arg && typeof arg === 'object' && typeof arg.nodeType === 'number') {
        return `<${arg.nodeName || 'node'}>`;
    }
    try {
        const json = JSON.stringify(arg);
        return json === undefined ? String(arg) : json;
    } catch (_error) {
        return String(arg);
    }
}

// Collects everything observable that happens while one class renders.
class Capture {
    constructor() {
        this.lines = [];
    }
    add(kind, text) {
        this.lines.push(`[${kind}] ${scrub(text)}`);
    }
}

let activeCapture = null;
const verboseLog = [];

function record(kind, text) {
    if (activeCapture) {
        activeCapture.add(kind, text);
    } else {
        verboseLog.push(`[${kind}] (outside any render) ${scrub(text)}`);
    }
}

function installConsoleCapture() {
    const original = { ...console };
    for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
        console[level] = (...args) => record(`console.${level}`, args.map(formatArg).join(' '));
    }
    return original;
}

// --------------------------------------------------------------------------
// Virtual timers
// --------------------------------------------------------------------------

// setTimeout/setInterval replacement with a frozen clock: only callbacks due
// at virtual time 0 (zero/negative delay timeouts) ever run, in creation
// order. Everything else stays pending until the render is torn down.
class VirtualTimers {
    constructor() {
        this.pending = new Map();
        this.nextId = 1;
    }
    setTimeout(callback, delay = 0, ...args) {
        const id = this.nextId++;
        this.pending.set(id, { callback, args, due: Math.max(0, Number(delay) || 0) });
        return id;
    }
    setInterval(callback, delay = 0, ...args) {
        // Intervals never fire at a frozen clock (their first run is >= 1ms away).
        const id = this.nextId++;
        this.pending.set(id, { callback, args, due: Math.max(1, Number(delay) || 0) });
        return id;
    }
    clear(id) {
        this.pending.delete(typeof id === 'object' && id !== null ? Number(id) : id);
    }
    runDue() {
        let ran = 0;
        while (ran < MAX_TIMERS_PER_ROUND) {
            let next = null;
            for (const [id, timer] of this.pending) {
                if (timer.due <= 0) {
                    next = [id, timer];
                    break;
                }
            }
            if (!next) break;
            const [id, timer] = next;
            this.pending.delete(id);
            ran += 1;
            try {
                if (typeof timer.callback === 'function') {
                    timer.callback(...timer.args);
                }
            } catch (error) {
                record('async error', errorMessage(error));
            }
        }
        return ran;
    }
    reset() {
        this.pending.clear();
    }
}

// --------------------------------------------------------------------------
// DOM environment
// --------------------------------------------------------------------------

// Never connects: readyState stays CONNECTING, no events fire.
class OfflineWebSocket {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;
    constructor(url) {
        this.url = String(url);
        this.readyState = OfflineWebSocket.CONNECTING;
        this.onopen = null;
        this.onmessage = null;
        this.onerror = null;
        this.onclose = null;
    }
    send() {}
    close() {
        this.readyState = OfflineWebSocket.CLOSED;
    }
    addEventListener() {}
    removeEventListener() {}
}

// happy-dom has no canvas backend (getContext() returns null). Third-party
// page scripts draw on canvases, so hand out a recording-free 2D context:
// any method is a no-op returning another such object, properties are
// plain storage.
function inertObject() {
    const store = {};
    const noop = () => inertObject();
    return new Proxy(store, {
        get(target, prop) {
            if (prop in target) return target[prop];
            if (prop === 'then' || typeof prop === 'symbol') return undefined;
            if (prop === 'measureText') return () => ({ width: 0 });
            return noop;
        },
        set(target, prop, value) {
            target[prop] = value;
            return true;
        },
    });
}

const inertCanvasAdapter = {
    getContext: (_caller, type) => (type === '2d' ? inertObject() : null),
    toDataURL: () => 'data:,',
    toBlob: (_caller, callback) => callback(null),
};

function offlineFetch() {
    return Promise.reject(new TypeError('Failed to fetch'));
}

// Browser classes whose Node.js built-in namesakes must be replaced by
// happy-dom's (they have to interoperate with happy-dom nodes).
const DOM_OVERRIDES = [
    'Event', 'EventTarget', 'CustomEvent', 'MessageEvent', 'ErrorEvent',
    'FormData', 'Blob', 'File', 'DOMException', 'navigator',
];

// In a browser `window === globalThis`; generated code relies on that
// (`window.__SPRAG_FORM_DATA__ = ...` in the runtime, `globalThis.X` in
// compiled modules). So the Node global *becomes* the window: happy-dom's
// window properties are exposed on globalThis through forwarding accessors,
// and `window`/`self`/`top`/`parent` point back at globalThis. Returns the
// happy-dom window for its own API (document, happyDOM.setURL, events).
function installDom(timers) {
    const silentConsole = {};
    for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'group', 'groupEnd', 'table', 'dir']) {
        silentConsole[level] = (...args) => verboseLog.push(`[happy-dom ${level}] ${args.map(formatArg).join(' ')}`);
    }
    const hd = new Window({
        url: `${ORIGIN}/`,
        width: 1024,
        height: 768,
        console: silentConsole,
        settings: {
            disableJavaScriptFileLoading: true,
            disableCSSFileLoading: true,
            disableIframePageLoading: true,
            canvasAdapter: inertCanvasAdapter,
            navigation: { disableMainFrameNavigation: true, disableChildFrameNavigation: true, disableChildPageNavigation: true },
        },
    });

    // Every window property Node.js lacks (document, Node, HTMLElement,
    // location, requestAnimationFrame, MutationObserver, ...). JS built-ins
    // already on globalThis are kept: the window's come from another VM
    // context and would break instanceof checks. Methods are bound once so
    // `window.addEventListener` etc. act on the happy-dom window.
    const names = new Set();
    for (let obj = hd; obj && obj !== Object.prototype; obj = Object.getPrototypeOf(obj)) {
        for (const name of Object.getOwnPropertyNames(obj)) names.add(name);
    }
    const bound = new Map();
    const forward = (name) => ({
        configurable: true,
        get() {
            const value = hd[name];
            if (typeof value !== 'function' || /^[A-Z]/.test(name)) return value;
            if (!bound.has(name) || bound.get(name).original !== value) {
                bound.set(name, { original: value, fn: value.bind(hd) });
            }
            return bound.get(name).fn;
        },
        set(value) {
            Object.defineProperty(globalThis, name, { value, configurable: true, writable: true, enumerable: true });
        },
    });
    for (const name of names) {
        if (name === 'constructor' || name in globalThis) continue;
        try {
            Object.defineProperty(globalThis, name, forward(name));
        } catch (_error) {
            // Non-configurable Node global; keep Node's.
        }
    }
    for (const name of DOM_OVERRIDES) {
        Object.defineProperty(globalThis, name, { value: hd[name], configurable: true, writable: true });
    }
    for (const name of ['window', 'self', 'top', 'parent', 'frames']) {
        Object.defineProperty(globalThis, name, { value: globalThis, configurable: true, writable: true });
    }

    // Determinism / isolation stubs, on both the happy-dom window (its own
    // internals) and the global the generated code sees.
    const stubs = {
        fetch: offlineFetch,
        WebSocket: OfflineWebSocket,
        EventSource: undefined,
        setTimeout: timers.setTimeout.bind(timers),
        setInterval: timers.setInterval.bind(timers),
        clearTimeout: timers.clear.bind(timers),
        clearInterval: timers.clear.bind(timers),
    };
    for (const [name, value] of Object.entries(stubs)) {
        Object.defineProperty(hd, name, { value, configurable: true, writable: true });
        Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
    }

    // happy-dom reports errors thrown by rAF callbacks / event listeners here.
    hd.addEventListener('error', (event) => {
        record('async error', errorMessage(event.error || event.message));
    });
    return hd;
}

// --------------------------------------------------------------------------
// Inputs
// --------------------------------------------------------------------------

async function loadManifest(manifestPath) {
    if (manifestPath.endsWith('.json')) {
        return JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    }
    const mod = await import(pathToFileURL(manifestPath).href);
    return mod.default || mod.manifest;
}

// A root-relative web path ("/static/x.js") as a file of the public dir.
function publicFile(publicDir, webPath) {
    return path.join(publicDir, ...String(webPath).split('/').filter(Boolean));
}

// What `sprag build` wrote for one surface: the payload it inlined and the
// classic (non-module) <script src> files the page loads before booting.
function readPage(publicDir, output) {
    const page = { payload: null, scripts: [] };
    if (!output) return page;
    const file = path.join(publicFile(publicDir, output), 'index.html');
    let html;
    try {
        html = fs.readFileSync(file, 'utf8');
    } catch (_error) {
        return page;
    }
    const match = /window\.__SPRAG_PAYLOAD__\s*=\s*(\{[\s\S]*?\});\s*<\/script>/.exec(html);
    if (match) {
        try {
            page.payload = JSON.parse(match[1]);
        } catch (_error) {
            page.payload = null;
        }
    }
    for (const tag of html.match(/<script\b[^>]*>/g) || []) {
        const src = /\bsrc="([^"]*)"/.exec(tag);
        if (!src || /\btype="module"/.test(tag)) continue;
        const webPath = new URL(src[1], `${ORIGIN}${output}`).pathname;
        const scriptFile = publicFile(publicDir, webPath);
        if (fs.existsSync(scriptFile)) page.scripts.push(scriptFile);
    }
    return page;
}

function initialStores(manifest) {
    const stores = {};
    for (const store of manifest.stores || []) {
        stores[store.name] = JSON.parse(JSON.stringify(store.initial ?? {}));
    }
    return stores;
}

// Runtime fields `sprag build` adds to payload.page, for surfaces whose
// built page is not available.
function surfaceDefaults(entry) {
    return {
        ...entry,
        action_endpoint: '/__sprag__/actions',
        upload_endpoint: '/__sprag__/uploads',
        events_endpoint: '/__sprag__/events',
        dev_reload: false,
        socket_bridge: false,
        static: false,
    };
}

function listClassFiles(dir) {
    let names;
    try {
        names = fs.readdirSync(dir);
    } catch (_error) {
        return [];
    }
    return names.filter((name) => name.endsWith('.js')).sort().map((name) => ({
        name: name.slice(0, -3),
        file: path.join(dir, name),
    }));
}

// Imports generated/{components,modules}/*.js; import failures are results.
async function importClasses(dir) {
    const classes = {};
    const failures = {};
    for (const { name, file } of listClassFiles(dir)) {
        try {
            const mod = await import(pathToFileURL(file).href);
            const cls = mod[name];
            if (typeof cls !== 'function') {
                failures[name] = `ERROR: ${path.basename(file)} does not export class ${name}`;
            } else {
                classes[name] = cls;
            }
        } catch (error) {
            failures[name] = `ERROR: import failed: ${errorMessage(error)}`;
        }
    }
    return { classes, failures };
}

// --------------------------------------------------------------------------
// Rendering
// --------------------------------------------------------------------------

async function settle(timers) {
    for (let round = 0; round < SETTLE_ROUNDS; round += 1) {
        // One macrotask turn: drains microtasks and the rAF immediates queued
        // before it; then run the timeouts that became due at time 0.
        await new Promise((resolve) => setImmediate(resolve));
        timers.runDue();
    }
}

function resetDocument(hd, bodyHtml) {
    hd.document.head.innerHTML = '<meta charset="utf-8"><title></title>';
    hd.document.body.innerHTML = bodyHtml;
}

// Store state as stores.js hydrated it, restored after every render. The
// bridges' own reset() is not used: in spragkit 0.1.24 it empties the store
// (the initial object is the store's live state, cleared before the copy).
function snapshotStores() {
    const snapshot = {};
    const bridges = globalThis.__SPRAG_STORE_BRIDGES__ || {};
    for (const [name, bridge] of Object.entries(bridges)) {
        if (bridge && bridge._store && typeof bridge._store.getState === 'function') {
            snapshot[name] = JSON.stringify(bridge._store.getState());
        }
    }
    return snapshot;
}

function restoreStores(snapshot) {
    const bridges = globalThis.__SPRAG_STORE_BRIDGES__ || {};
    for (const name of Object.keys(snapshot).sort()) {
        const store = bridges[name] && bridges[name]._store;
        if (!store || typeof store.batch !== 'function') continue;
        const initial = JSON.parse(snapshot[name]);
        try {
            store.batch((state) => {
                for (const key of Object.keys(state)) delete state[key];
                Object.assign(state, initial);
            });
        } catch (error) {
            record('async error', `restoring store ${name} failed: ${errorMessage(error)}`);
        }
    }
}

// BootModule.boot() from runtime/boot.js, minus the dev overlay: installs
// the window.__SPRAG_*__ globals generated code relies on and resolves
// `modules={...}` JS imports (from files under the public dir).
async function installSurfaceGlobals(ctx, { payload, surface }) {
    const { hd, runtime, manifest, publicDir } = ctx;
    const win = globalThis;
    hd.happyDOM.setURL(`${ORIGIN}${surface.output || surface.path || '/'}`);
    win.__SPRAG_PAYLOAD__ = payload;
    win.__SPRAG_MANIFEST__ = manifest || {};
    win.__SPRAG_ENV__ = payload.env || {};
    win.__SPRAG_IMPORTS__ = {};

    const navigation = runtime.createNavigationRuntime({ manifest, surface });
    win.__SPRAG_BASE__ = navigation.basePrefix || '';
    win.__SPRAG_NAVIGATE__ = navigation.navigate;

    const metadata = new runtime.MetadataManager({
        surface,
        payload,
        bootTitle: hd.document.title || '',
    });
    win.__SPRAG_METADATA_STATE__ = metadata.snapshot();
    win.__SPRAG_SET_METADATA__ = metadata.set.bind(metadata);
    metadata.apply(payload.metadata || metadata.snapshot());

    win.__SPRAG_ACTION_ERROR_MESSAGE__ = runtime.actionErrorMessageSprag;
    win.__SPRAG_FORM_DATA__ = runtime.formDataSprag;
    const clientArgs = {
        currentRoute: surface,
        navigate: navigation.navigate,
        withSpragBase: navigation.withSpragBase,
    };
    const actionClient = runtime.createActionClient(clientArgs);
    const uploadClient = runtime.createUploadClient(clientArgs);
    win.__SPRAG_ACTIONS__ = actionClient;
    win.__SPRAG_UPLOADS__ = uploadClient;

    // Root-relative import sources are files of the public dir here.
    const resolveSrc = (src) => {
        const resolved = navigation.resolveJSImportSrc(src);
        if (typeof resolved === 'string' && resolved.startsWith('/') && !resolved.startsWith('//')) {
            return pathToFileURL(publicFile(publicDir, resolved)).href;
        }
        return resolved;
    };
    await runtime.resolveSurfaceImports(surface, resolveSrc);
    return { actionClient, uploadClient, metadata, navigation };
}

function resolveSurface(manifest, payload, ref) {
    // Same merge as boot.js resolveSurface().
    const live = payload.mount || payload.page || null;
    const collection = ref.kind === 'mount' ? manifest.mounts || [] : manifest.routes || [];
    const matched = collection.find((entry) => entry.path === ref.path) || null;
    if (live && matched) return { ...matched, ...live };
    return live || matched;
}

async function renderJob(ctx, job) {
    const { hd, timers, runtime, manifest, componentRegistry, moduleRegistry } = ctx;
    const capture = new Capture();
    activeCapture = capture;
    timers.reset();

    let target = null;
    let stop = () => {};
    let html;
    try {
        if (job.kind === 'standalone') {
            resetDocument(hd, '<div id="app-root"></div>');
            await installSurfaceGlobals(ctx, { payload: ctx.basePayload, surface: ctx.standaloneSurface });
            target = hd.document.getElementById('app-root');
            const Cls = componentRegistry[job.component];
            // hydration.js createComponent() + the no-module mount path.
            const component = new Cls({}, { props: {}, module: null });
            stop = () => component.unmount();
            component.mount(target);
        } else {
            const { payload, ref } = job;
            const surface = resolveSurface(manifest, payload, ref);
            if (job.kind === 'mount') {
                resetDocument(hd, '<div id="app-root"></div>');
            } else {
                const id = String(job.entry.id).replace(/[&"<>]/g, (c) => `&#${c.charCodeAt(0)};`);
                resetDocument(hd, `<div id="app-root"><div data-sprag-hydrate-id="${id}"></div></div>`);
            }
            // Classic scripts of the page (third-party globals) run before boot.
            for (const script of job.scripts) {
                vm.runInThisContext(fs.readFileSync(script, 'utf8'), { filename: script });
            }
            const clients = await installSurfaceGlobals(ctx, { payload, surface });
            target = job.kind === 'mount'
                ? hd.document.getElementById('app-root')
                : hd.document.querySelector('[data-sprag-hydrate-id]');
            const root = new runtime.SurfaceRoot({
                actionClient: clients.actionClient,
                componentRegistry,
                manifest,
                metadata: clients.metadata,
                moduleRegistry,
                navigation: clients.navigation,
                payload,
                surface,
                uploadClient: clients.uploadClient,
            });
            stop = () => root.stop('differential-render');
            // Starts page providers, then mountHydrationEntries() or
            // mountClientSurface(), exactly as in the browser.
            root.start();
        }
        await settle(timers);
        html = target ? target.innerHTML : '';
    } catch (error) {
        html = `ERROR: ${errorMessage(error)}`;
    }
    // Tear down and restore shared state while this render's capture is
    // still active, so whatever that triggers is attributed to this class.
    try {
        stop();
    } catch (error) {
        capture.add('teardown error', errorMessage(error));
    }
    timers.reset();
    restoreStores(ctx.storeSnapshot);
    await settle(timers);
    timers.reset();
    activeCapture = null;
    return capture.lines.length ? `${html}\n${capture.lines.join('\n')}` : html;
}

function buildJobs(ctx) {
    const { manifest, publicDir, basePayload } = ctx;
    const jobs = [];
    const covered = new Set();
    const moduleStates = {};

    for (const route of manifest.routes || []) {
        const entries = route.hydration || [];
        if (!entries.length) continue;
        const page = readPage(publicDir, route.output);
        for (const entry of entries) {
            covered.add(entry.component);
            if (entry.module && !(entry.module in moduleStates)) {
                moduleStates[entry.module] = entry.module_state || {};
            }
            // The built page's payload, with hydration narrowed to this entry
            // (taken from the manifest).
            const payload = {
                ...basePayload,
                page: surfaceDefaults(route),
                ...(page.payload || {}),
                hydration: [entry],
            };
            jobs.push({
                kind: 'hydration',
                component: entry.component,
                where: route.path,
                entry,
                payload,
                scripts: page.scripts,
                ref: { kind: 'route', path: route.path },
            });
        }
    }
    for (const mount of manifest.mounts || []) {
        if (!mount.component) continue;
        covered.add(mount.component);
        const page = readPage(publicDir, mount.output);
        // The manifest names the boot class only; the boot data the root
        // component/module start from is in the built page's payload.
        const live = surfaceDefaults(mount);
        const payload = { ...basePayload, page: live, mount: live, boot: {}, ...(page.payload || {}) };
        if (mount.module && !(mount.module in moduleStates)) {
            moduleStates[mount.module] = payload.boot || {};
        }
        jobs.push({
            kind: 'mount',
            component: mount.component,
            where: mount.path,
            payload,
            scripts: page.scripts,
            ref: { kind: 'mount', path: mount.path },
        });
    }
    for (const name of [...ctx.componentNames].sort()) {
        if (!covered.has(name)) jobs.push({ kind: 'standalone', component: name, where: null, scripts: [] });
    }

    // Key by class; qualify with the surface path when a class renders twice.
    const counts = {};
    for (const job of jobs) counts[job.component] = (counts[job.component] || 0) + 1;
    for (const job of jobs) {
        job.key = counts[job.component] > 1 ? `${job.component}#${job.where}` : job.component;
    }
    return { jobs, moduleStates };
}

// Renders one public tree. Call at most once per process (see top).
export async function renderPublicDir(publicDirArg, { manifestPath = null } = {}) {
    const publicDir = path.resolve(publicDirArg);
    publicDirForMessages = publicDir;
    const timers = new VirtualTimers();
    const hd = installDom(timers);
    installConsoleCapture();

    const onAsyncError = (error) => record('async error', errorMessage(error));
    process.on('uncaughtException', onAsyncError);
    process.on('unhandledRejection', onAsyncError);

    const manifest = await loadManifest(manifestPath || path.join(publicDir, 'generated', 'manifest.js'));
    // What every page sets before stores.js runs (stores hydrate from it).
    const basePayload = { env: {}, hydration: [], metadata: {}, stores: initialStores(manifest) };
    globalThis.__SPRAG_PAYLOAD__ = JSON.parse(JSON.stringify(basePayload));

    const results = {};
    const importRuntime = async (file) => import(pathToFileURL(path.join(publicDir, 'runtime', file)).href);
    const runtime = {
        ...(await importRuntime('actions.js')),
        ...(await importRuntime('uploads.js')),
        ...(await importRuntime('navigation.js')),
        ...(await importRuntime('metadata.js')),
        ...(await importRuntime('hydration.js')),
        ...(await importRuntime('surface_root.js')),
    };

    const storesFile = path.join(publicDir, 'generated', 'stores.js');
    if (fs.existsSync(storesFile)) {
        activeCapture = new Capture();
        try {
            await import(pathToFileURL(storesFile).href);
        } catch (error) {
            activeCapture.add('stores.js', `ERROR: import failed: ${errorMessage(error)}`);
        }
        await settle(timers);
        if (activeCapture.lines.length) results['stores.js'] = activeCapture.lines.join('\n');
        activeCapture = null;
    }

    const components = await importClasses(path.join(publicDir, 'generated', 'components'));
    const modules = await importClasses(path.join(publicDir, 'generated', 'modules'));
    const ctx = {
        hd,
        timers,
        runtime,
        manifest,
        publicDir,
        basePayload,
        storeSnapshot: snapshotStores(),
        componentRegistry: components.classes,
        moduleRegistry: modules.classes,
        // Every generated component file, importable or not.
        componentNames: new Set([...Object.keys(components.classes), ...Object.keys(components.failures)]),
        standaloneSurface: surfaceDefaults({ path: '/', output: '/', name: 'standalone', actions: [], modules: {}, providers: {} }),
    };

    const { jobs, moduleStates } = buildJobs(ctx);
    for (const job of jobs) {
        if (job.component in components.failures) {
            results[job.key] = components.failures[job.component];
        } else if (!(job.component in components.classes)) {
            results[job.key] = `ERROR: no generated component ${job.component}`;
        } else {
            results[job.key] = await renderJob(ctx, job);
        }
    }

    // Module constructors must not throw.
    const providerClasses = new Set();
    for (const surface of [...(manifest.routes || []), ...(manifest.mounts || [])]) {
        for (const cls of Object.values(surface.providers || {})) providerClasses.add(cls);
    }
    for (const [name, failure] of Object.entries(modules.failures)) {
        results[`module:${name}`] = failure;
    }
    for (const name of Object.keys(modules.classes).sort()) {
        const Mod = modules.classes[name];
        try {
            // Providers are built without arguments (surface_root.js).
            if (providerClasses.has(name) && !(name in moduleStates)) new Mod();
            else new Mod(moduleStates[name] || {});
            results[`module:${name}`] = 'OK';
        } catch (error) {
            results[`module:${name}`] = `ERROR: ${errorMessage(error)}`;
        }
    }

    process.off('uncaughtException', onAsyncError);
    process.off('unhandledRejection', onAsyncError);
    const sorted = {};
    for (const key of Object.keys(results).sort()) sorted[key] = results[key];
    return sorted;
}

function parseArgs(argv) {
    const args = { publicDir: null, manifest: null, out: null, verbose: false };
    for (let i = 0; i < argv.length; i += 1) {
        const arg = argv[i];
        if (arg === '--manifest') args.manifest = argv[++i];
        else if (arg === '--out') args.out = argv[++i];
        else if (arg === '--verbose') args.verbose = true;
        else if (arg === '-h' || arg === '--help') args.help = true;
        else if (!args.publicDir) args.publicDir = arg;
        else throw new Error(`unexpected argument: ${arg}`);
    }
    return args;
}

async function main() {
    const args = parseArgs(process.argv.slice(2));
    if (args.help || !args.publicDir) {
        process.stderr.write('usage: node tests/differential/render.mjs <public-dir> [--manifest <file>] [--out <file.json>] [--verbose]\n');
        process.exit(args.help ? 0 : 2);
    }
    const results = await renderPublicDir(args.publicDir, { manifestPath: args.manifest });
    const json = `${JSON.stringify(results, null, 2)}\n`;
    if (args.verbose && verboseLog.length) {
        process.stderr.write(`${verboseLog.join('\n')}\n`);
    }
    // Exit explicitly: pending (virtual) timers and happy-dom internals must
    // not keep the process alive. Wait for stdout to flush first (pipes).
    if (args.out) {
        fs.writeFileSync(args.out, json);
        process.exit(0);
    } else {
        process.stdout.write(json, () => process.exit(0));
    }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    main().catch((error) => {
        process.stderr.write(`render.mjs: ${error && error.stack ? error.stack : error}\n`);
        process.exit(1);
    });
}

// Surfaces and per-request page rendering of the mock server: sprag's page(...) / mount(...) /
// App(...) / shell(...) / module(...) / script(...) declarations (sprag/runtime/{page,mount,
// app,shell,assets}.py) and what the real server answers to a page GET
// (sprag/runtime/rendering/page.py behind SpragWSGIApp._handle_page / _handle_mount):
//
//   renderPage({path, query, request, controller, route, stores, env, app, ...})
//     auth guard (302 to /login?next=...), controller.load() (a Redirect → redirect, an
//     ActionDispatchError → status page, other errors → empty data + data error), the
//     __sprag_auth__ injection, Screen(data=...).render(data) → renderTree (hydration ids and
//     entries), metadata merge (app, page, __sprag_meta__), the shell, and the document with
//     window.__SPRAG_PAYLOAD__ = {page, routeData, auth, hydration, stores, metadata, env
//     [, fingerprints under dev]}.
//   renderMount({...}) the boot document of a client mount (payload mount/page/boot/...).
//   renderRequest({path, ...}) finds the page (most specific pattern) or the mount of a path
//     among the declared surfaces and renders it; null when no surface matches.
//
// Every page(...) / mount(...) / App(...) call is recorded in `declaredPages`, `declaredMounts`,
// `declaredApps`, so importing the compiled page.js / mount.js / app modules is discovery.
//
// Shell templates: sprag reads `shell(template=...)` files from the project. Pass
// `readFile(projectRelativePath) → text` to apply them; without it the template is skipped and
// #app-root holds the screen HTML itself (a page) or is the whole body (a mount).
// Asset paths resolve against `app.project_root` (default: a virtual root), as sprag's do:
// files under app/static/ → /static/..., other project files → /assets/..., http(s):// and //
// URLs unchanged.

import * as $py from "../py/py.js";
import { pyfunction } from "./pyfn.js";
import { dumps as pyDumps, NotSerializableError } from "./pyjson.js";
import { dataclass, factory, setField } from "./ui.js";
import { Screen, hydrate, ssr, public_env } from "./browser.js";
import { escapeHtml, renderTree, serializableHydration } from "./tree.js";
import { actionNames, authRequirement } from "./actions.js";
import { AnonymousAuthService, enforceAuthRequirement, overridesBuildEvents, requestView, resolveAuthService } from "./controller.js";
import { server } from "./context.js";
import { declared_stores } from "./model.js";
import { ActionDispatchError, Redirect } from "./outcome.js";
import { matchPageRoute, matchRoutePath, normalizeRoutePath } from "./routing.js";
import { newSessionId } from "./sessions.js";
import { dumps as jsonDumps } from "../lib/json.js";
import { sha1, sha256 } from "../lib/hashlib.js";

export { Screen, hydrate, ssr };

// ------------------------------------------------------------------------- registries

/** Every Page made by page(...), in declaration order. */
export const declaredPages = [];
/** Every Mount made by mount(...), in declaration order. */
export const declaredMounts = [];
/** Every App made by App(...), in declaration order. */
export const declaredApps = [];

/** Forgets every declared surface and app (tests and a fresh mock server). */
export function resetDeclaredSurfaces() {
  declaredPages.length = 0;
  declaredMounts.length = 0;
  declaredApps.length = 0;
}

// ------------------------------------------------------------------------- helpers

const isStr = (x) => typeof x === "string";
const hasOwn = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);
const reprOf = (x) => $py.repr(x);

/** `dict(value or {})` */
async function dictOf(value) {
  return $py.call($py.builtins.dict, (await $py.truthy(value)) ? value : {});
}

/** The text of "<ExcClass>: <message>" for a caught error. */
async function errorLine(caught) {
  const exc = $py.pyerr(caught);
  return `${$py.typeName(exc)}: ${await $py.str(exc)}`;
}

/** A Python identifier (str.isidentifier()). */
const isIdentifier = (text) => /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(text);

// ------------------------------------------------------------------------- module / script

/** `ModuleImport(src, export="default")`: an ESM alias for `imports.<alias>`. */
export class ModuleImport extends $py.object {}
dataclass(ModuleImport, "ModuleImport", [["src"], ["export", "default"]], { frozen: true });

/** `Script(src, module=False)`: a classic or module script asset. */
export class Script extends $py.object {}
dataclass(Script, "Script", [["src"], ["module", false]], { frozen: true });

/** `module(src, export="default")` */
export const module = pyfunction("module", { params: ["src", "export"], defaults: { export: "default" } }, async (src, exportName) => {
  const name = await $py.str((await $py.truthy(exportName)) ? exportName : "default");
  return $py.call(ModuleImport, $py.kw({ src: await $py.str(src), export: name }));
});

/** `script(src, *, module=False)` */
export const script = pyfunction("script", { params: ["src"], kwonly: ["module"], kwdefaults: { module: false } }, async (src, isModule) =>
  $py.call(Script, $py.kw({ src: await $py.str(src), module: Boolean(await $py.truthy(isModule)) })),
);

/** `normalize_module_imports(modules)`: {alias: ModuleImport}. */
export async function normalizeModuleImports(modules) {
  if (!(await $py.truthy(modules))) return {};
  const normalized = {};
  for (const [alias, value] of Object.entries(modules)) {
    if (!isStr(alias) || !alias || !isIdentifier(alias)) {
      throw new $py.ValueError(`modules={...} expects aliases to be valid Python identifiers; got ${reprOf(alias)}.`);
    }
    if (value instanceof ModuleImport) normalized[alias] = value;
    else if (isStr(value)) normalized[alias] = await $py.call(ModuleImport, $py.kw({ src: value, export: "default" }));
    else {
      throw new $py.TypeError(
        `modules={...} values must be str, pathlib.Path, or ModuleImport; alias ${reprOf(alias)} got ${$py.typeName(value)}: ${await reprOf(value)}.`,
      );
    }
  }
  return normalized;
}

// ------------------------------------------------------------------------- shell

export const DEFAULT_SLOT = "{{ sprag_slot }}";
export const ALT_SLOT = "<sprag-slot></sprag-slot>";

/** `Shell(template=None, css=(), js=(), modules={}, slot="{{ sprag_slot }}")` */
export class Shell extends $py.object {}
dataclass(
  Shell,
  "Shell",
  [["template", null], ["css", factory(() => Object.freeze([]))], ["js", factory(() => Object.freeze([]))], ["modules", factory(() => ({}))], ["slot", DEFAULT_SLOT]],
  { frozen: true },
);

const frozenTuple = (items) => Object.freeze([...items]);

async function normalizeCss(css) {
  if (css === null) return [];
  if (isStr(css)) return [css];
  const items = [];
  for (const item of $py.iter(css)) items.push(await $py.str(item));
  return items;
}

function normalizeJs(js) {
  if (js === null) return [];
  if (isStr(js) || js instanceof Script) return [js];
  return [...$py.iter(js)];
}

/** `shell(base=None, *, template=None, css=None, js=None, modules=None, slot=DEFAULT_SLOT)` */
export const shell = pyfunction(
  "shell",
  {
    params: ["base"],
    defaults: { base: null },
    kwonly: ["template", "css", "js", "modules", "slot"],
    kwdefaults: { template: null, css: null, js: null, modules: null, slot: DEFAULT_SLOT },
  },
  async (base, template, css, js, modules, slot) => {
    let inherited = { template: null, css: [], js: [], modules: {}, slot };
    if (base instanceof Shell) inherited = { template: base.template, css: base.css, js: base.js, modules: base.modules, slot: base.slot };
    else if (base !== null) inherited.template = await $py.str(base);
    return $py.call(
      Shell,
      $py.kw({
        template: template !== null ? template : inherited.template,
        css: frozenTuple([...inherited.css, ...(await normalizeCss(css))]),
        js: frozenTuple([...inherited.js, ...normalizeJs(js)]),
        modules: { ...inherited.modules, ...(await normalizeModuleImports(modules)) },
        slot: slot !== DEFAULT_SLOT ? slot : inherited.slot,
      }),
    );
  },
);

async function coerceShell(value) {
  if (value instanceof Shell) return value;
  if (isStr(value)) return $py.call(Shell, $py.kw({ template: value }));
  throw new $py.TypeError(`Unsupported SPRAG shell value: ${await reprOf(value)}`);
}

/** `effective_shell(app_shell, surface_shell)`: the surface's shell layered over the app's. */
export async function effectiveShell(appShell, surfaceShell) {
  const absent = (x) => x === null || x === undefined;
  if (absent(appShell) && absent(surfaceShell)) return null;
  if (absent(appShell)) return coerceShell(surfaceShell);
  if (absent(surfaceShell)) return coerceShell(appShell);
  const base = await coerceShell(appShell);
  const surface = await coerceShell(surfaceShell);
  return $py.call(
    Shell,
    $py.kw({
      template: surface.template || base.template,
      css: frozenTuple([...base.css, ...surface.css]),
      js: frozenTuple([...base.js, ...surface.js]),
      modules: { ...base.modules, ...surface.modules },
      slot: surface.slot || base.slot,
    }),
  );
}

/** The shell template with `body` in its slot (every occurrence, as str.replace does). */
async function renderShellTemplate(shellSpec, body, { projectRoot, readFile }) {
  if (!shellSpec.template || !readFile) return body;
  const relative = projectRelative(shellSpec.template);
  const template = await readFile(relative);
  const slot = shellSpec.slot || DEFAULT_SLOT;
  if (template.includes(slot)) return template.split(slot).join(body);
  if (template.includes(ALT_SLOT)) return template.split(ALT_SLOT).join(body);
  const shown = shellSpec.template.startsWith("/") ? shellSpec.template : `${projectRoot}/${relative}`;
  throw new $py.ValueError(`SPRAG shell template ${shown} must include ${reprOf(slot)} or ${reprOf(ALT_SLOT)}.`);
}

/** `apply_shell(body_html, app=, surface_shell=)` → {body, assets: {css, js}}. */
async function applyShell(body, app, surfaceShell, options) {
  const effective = await effectiveShell(app?.shell ?? null, surfaceShell ?? null);
  if (effective === null) return { body, assets: { css: [], js: [] } };
  const wrapped = await renderShellTemplate(effective, body, options);
  return { body: wrapped, assets: await resolveSurfaceAssets(effective, options.projectRoot) };
}

// ------------------------------------------------------------------------- assets

const VIRTUAL_ROOT = "/project";
const isExternalPath = (value) => value.startsWith("http://") || value.startsWith("https://") || value.startsWith("//");

/** posixpath.normpath of an absolute path. */
function normalizeAbsolute(path) {
  const segments = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") segments.pop();
    else segments.push(part);
  }
  return "/" + segments.join("/");
}

/** A project path as given to page()/shell() relative to the project root (for readFile). */
function projectRelative(path) {
  return normalizeAbsolute(`/${path}`).slice(1);
}

/** `_asset_web_path(_resolve_local_path(root, path), root)` */
async function assetWebPath(path, projectRoot) {
  const resolved = normalizeAbsolute(path.startsWith("/") ? path : `${projectRoot}/${path}`);
  const root = normalizeAbsolute(projectRoot);
  const staticRoot = `${root === "/" ? "" : root}/app/static/`;
  if (resolved.startsWith(staticRoot)) return `/static/${resolved.slice(staticRoot.length)}`;
  const rootPrefix = root === "/" ? "/" : `${root}/`;
  if (resolved.startsWith(rootPrefix)) return `/assets/${resolved.slice(rootPrefix.length)}`;
  const digest = await hexdigest(sha1, resolved);
  return `/assets/_external/${digest.slice(0, 12)}-${resolved.split("/").pop() || "asset"}`;
}

async function hexdigest(algorithm, text) {
  const hash = await $py.call(algorithm, new TextEncoder().encode(text));
  return $py.callm(hash, "hexdigest");
}

/** `resolve_surface_assets(css=, js=)`: [{web_path, module}] per kind. */
async function resolveSurfaceAssets(shellSpec, projectRoot) {
  const css = [];
  for (const spec of shellSpec.css) {
    const raw = String(spec);
    css.push({ web_path: isExternalPath(raw) ? raw : await assetWebPath(raw, projectRoot), module: false });
  }
  const js = [];
  for (const spec of shellSpec.js) {
    const raw = spec instanceof Script ? spec.src : String(spec);
    const isModule = spec instanceof Script ? Boolean(spec.module) : false;
    js.push({ web_path: isExternalPath(raw) ? raw : await assetWebPath(raw, projectRoot), module: isModule });
  }
  return { css, js };
}

/** `serialize_module_imports(resolve_effective_surface_modules(app=, surface=))` */
async function surfaceModules(app, surface, projectRoot) {
  const merged = {};
  if (app) Object.assign(merged, await normalizeModuleImports(app.modules ?? null));
  const effective = await effectiveShell(app?.shell ?? null, surface.shell ?? null);
  if (effective !== null) Object.assign(merged, effective.modules);
  Object.assign(merged, await normalizeModuleImports(surface.modules ?? null));
  const serialized = {};
  for (const [alias, spec] of Object.entries(merged)) {
    const src = isExternalPath(spec.src) ? spec.src : await assetWebPath(spec.src, projectRoot);
    serialized[alias] = { src, export: spec.export };
  }
  return serialized;
}

function renderCssLinks(assets) {
  return assets
    .map((asset) => `<link rel="stylesheet" href="${escapeHtml(asset.web_path)}" data-sprag-css="${escapeHtml(asset.web_path)}">`)
    .join("\n");
}

function renderPreloadHints(cssAssets, scriptPath) {
  const chunks = [];
  if (scriptPath) chunks.push(`<link rel="modulepreload" href="${escapeHtml(scriptPath)}">`);
  for (const asset of cssAssets) chunks.push(`<link rel="preload" as="style" href="${escapeHtml(asset.web_path)}">`);
  return chunks.join("\n  ");
}

function renderScriptTags(assets) {
  return assets
    .map((asset) => {
      const src = escapeHtml(asset.web_path);
      return asset.module
        ? `<script type="module" src="${src}" data-sprag-js="${src}"></script>`
        : `<script defer src="${src}" data-sprag-js="${src}"></script>`;
    })
    .join("\n");
}

// ------------------------------------------------------------------------- Page / Mount / App

/** `Page(path, controller, screen, mode="hybrid", name=None, metadata={}, shell=None, modules={}, static_paths=None, providers={})` */
export class Page extends $py.object {}
dataclass(
  Page,
  "Page",
  [
    ["path"], ["controller"], ["screen"], ["mode", "hybrid"], ["name", null], ["metadata", factory(() => ({}))],
    ["shell", null], ["modules", factory(() => ({}))], ["static_paths", null], ["providers", factory(() => ({}))],
  ],
  {
    frozen: true,
    postInit: async (self) => {
      if (!(await $py.callm(self.path, "startswith", "/"))) {
        throw new $py.ValueError(`SPRAG page path must start with '/': ${await reprOf(self.path)}`);
      }
      if (self.mode !== "document" && self.mode !== "hybrid") {
        throw new $py.ValueError(`SPRAG page mode must be one of document|hybrid: ${await reprOf(self.mode)}`);
      }
      setField(self, "metadata", await dictOf(self.metadata));
      setField(self, "modules", await normalizeModuleImports(self.modules));
    },
  },
);

/** `Mount(path, component, module=None, boot=None, name=None, metadata={}, shell=None, modules={}, providers={})` */
export class Mount extends $py.object {}
dataclass(
  Mount,
  "Mount",
  [
    ["path"], ["component"], ["module", null], ["boot", null], ["name", null], ["metadata", factory(() => ({}))],
    ["shell", null], ["modules", factory(() => ({}))], ["providers", factory(() => ({}))],
  ],
  {
    frozen: true,
    postInit: async (self) => {
      if (!isStr(self.path) || !self.path.startsWith("/")) {
        throw new $py.ValueError(`Mount(path=...) expects a string starting with '/'; got ${await reprOf(self.path)}.`);
      }
      setField(self, "path", self.path.replace(/\/+$/, "") || "/");
      setField(self, "metadata", await dictOf(self.metadata));
      setField(self, "modules", await normalizeModuleImports(self.modules));
    },
  },
);

/** A page's or mount's shell: `shell(shell, css=, js=)` when css or js is given. */
async function surfaceShell(shellValue, css, js) {
  if (css === null && js === null) return shellValue;
  return $py.call(shell, shellValue, $py.kw({ css, js }));
}

/** `page(*, path, controller, screen, mode="hybrid", ...)`: declares (and records) a route. */
export const page = pyfunction(
  "page",
  {
    kwonly: ["path", "controller", "screen", "mode", "name", "metadata", "shell", "css", "js", "modules", "static_paths", "providers"],
    kwdefaults: { mode: "hybrid", name: null, metadata: null, shell: null, css: null, js: null, modules: null, static_paths: null, providers: null },
  },
  async (path, controller, screen, mode, name, metadata, shellValue, css, js, modules, staticPaths, providers) => {
    const declared = await $py.call(
      Page,
      $py.kw({
        path,
        controller,
        screen,
        mode,
        name,
        metadata: (await $py.truthy(metadata)) ? metadata : {},
        shell: await surfaceShell(shellValue, css, js),
        modules: (await $py.truthy(modules)) ? modules : {},
        static_paths: staticPaths,
        providers: (await $py.truthy(providers)) ? providers : {},
      }),
    );
    declaredPages.push(declared);
    return declared;
  },
);

/** `mount(path, *, component, module=None, boot=None, ...)`: declares (and records) a client mount. */
export const mount = pyfunction(
  "mount",
  {
    params: ["path"],
    kwonly: ["component", "module", "boot", "name", "metadata", "shell", "css", "js", "modules", "providers"],
    kwdefaults: { module: null, boot: null, name: null, metadata: null, shell: null, css: null, js: null, modules: null, providers: null },
  },
  async (path, component, moduleClass, boot, name, metadata, shellValue, css, js, modules, providers) => {
    const declared = await $py.call(
      Mount,
      $py.kw({
        path,
        component,
        module: moduleClass,
        boot,
        name,
        metadata: (await $py.truthy(metadata)) ? metadata : {},
        shell: await surfaceShell(shellValue, css, js),
        modules: (await $py.truthy(modules)) ? modules : {},
        providers: (await $py.truthy(providers)) ? providers : {},
      }),
    );
    declaredMounts.push(declared);
    return declared;
  },
);

const SERVER_MODES = new Set(["auto", "wsgi", "websocket"]);

/**
 * `App(providers={}, routes="app.routes", mounts_package="app.mounts", project_root=None,
 * shell=None, modules={}, metadata={}, server_mode="auto", session_policy=None,
 * upload_chunk_size=2 MiB, upload_temp_dir=None)`: the configuration renderPage reads
 * (metadata, shell, modules, providers.auth, project_root, `_sprag_dev_reload`). Booting the
 * providers is the mock server's job. `providers` gets sprag's default "auth" provider;
 * session_policy is kept as given (sprag makes a SessionPolicy of it).
 */
export class App extends $py.object {}
dataclass(
  App,
  "App",
  [
    ["providers", factory(() => ({}))], ["routes", "app.routes"], ["mounts_package", "app.mounts"], ["project_root", null],
    ["shell", null], ["modules", factory(() => ({}))], ["metadata", factory(() => ({}))], ["server_mode", "auto"],
    ["session_policy", null], ["upload_chunk_size", 2 * 1024 * 1024], ["upload_temp_dir", null],
  ],
  {
    postInit: async (self) => {
      if (!SERVER_MODES.has(self.server_mode)) {
        throw new $py.ValueError(`App(server_mode=...) must be 'auto', 'wsgi', or 'websocket', got ${await reprOf(self.server_mode)}.`);
      }
      const providers = await dictOf(self.providers);
      if (!hasOwn(providers, "auth")) providers.auth = new AnonymousAuthService();
      setField(self, "providers", providers);
      setField(self, "modules", await normalizeModuleImports(self.modules));
      setField(self, "_sprag_dev_reload", false);
      declaredApps.push(self);
    },
    members: {
      pages: pyfunction("App.pages", {}, () => declaredPages.map((declared) => Object.freeze([declared.path, declared]))),
      mounts: pyfunction("App.mounts", {}, () => declaredMounts.map((declared) => Object.freeze([declared.path, declared]))),
    },
  },
);

// ------------------------------------------------------------------------- requests

/** The GET request renderPage builds when the caller gives none (sprag's Request fields). */
export class PageRequest extends $py.object {}
dataclass(PageRequest, "Request", [
  ["path"], ["params", factory(() => ({}))], ["query", factory(() => ({}))], ["headers", factory(() => ({}))], ["method", "GET"],
  ["body", factory(() => new Uint8Array())], ["request_id", null], ["session_id", null], ["cookies", factory(() => ({}))],
  ["session", null], ["user", null], ["active_profile", null], ["content_type", null], ["form", factory(() => ({}))],
  ["files", factory(() => ({}))],
]);

/** Fills the request of a page GET (path, query, params, method) and runs the server's hydrate hook. */
async function prepareRequest(request, { path, query, params }) {
  const target = request ?? (await $py.call(PageRequest, path));
  target.path = path;
  if (query !== undefined) target.query = query;
  else target.query ??= {};
  if (params !== undefined) target.params = params;
  else target.params ??= {};
  target.method = "GET";
  const hook = server().hydrateRequest;
  return hook ? hook(target) : target;
}

/** The request's session id; a request without one gets a new id (hydrate_request's). */
function sessionIdOf(request) {
  if (!request.session?.id && !request.session_id) request.session_id = newSessionId();
  return request.session?.id ?? request.session_id;
}

function authServiceOf(app) {
  const providers = app?.providers;
  return providers && hasOwn(providers, "auth") && providers.auth ? providers.auth : resolveAuthService();
}

/** `build_auth_snapshot(request)`: {authenticated, viewer, active_profile, session: {id}}. */
export async function buildAuthSnapshot(request, app) {
  const user = request.user ?? null;
  const snapshot = await $py.callm(authServiceOf(app), "public_snapshot", user, request.session ?? null, request);
  const publicData = (await $py.truthy(snapshot)) ? snapshot : {};
  const get = (key, fallback) => $py.callm(publicData, "get", key, fallback);
  const viewer = await get("viewer", null);
  const activeProfile = await get("active_profile", null);
  return {
    authenticated: Boolean(await $py.truthy(await get("authenticated", user !== null))),
    viewer: $py.isdict(viewer) ? { ...viewer } : null,
    active_profile: $py.isdict(activeProfile) ? { ...activeProfile } : null,
    session: { id: sessionIdOf(request) },
  };
}

/** `inject_auth_data(data, request)`: a copy of the dict (or {"value": data}) with __sprag_auth__. */
export async function injectAuthData(data, request, app) {
  const result = $py.isdict(data) ? { ...data } : { value: data };
  result.__sprag_auth__ = await buildAuthSnapshot(request, app);
  return result;
}

// ------------------------------------------------------------------------- load

/**
 * `load_controller_data`: {data, dataError, redirect, status}. The auth guard of load() and
 * load() itself run with `request` as the controller's `self.request`.
 */
export async function loadControllerData(controller, request, { app = null, withRequest = null } = {}) {
  const run = (fn) => (withRequest ? withRequest(request, () => fn(controller)) : fn(requestView(controller, request)));
  try {
    const requirement = authRequirement(controller.constructor, "load");
    if (requirement !== null) await run(() => enforceAuthRequirement(requirement, request, "load", authServiceOf(app)));
    const data = await run((self) => $py.callm(self, "load"));
    if (data instanceof Redirect) return { data: {}, dataError: null, redirect: data, status: 200 };
    return { data: await injectAuthData(data, request, app), dataError: null, redirect: null, status: 200 };
  } catch (caught) {
    const exc = $py.pyerr(caught);
    if (exc instanceof Redirect) return { data: {}, dataError: null, redirect: exc, status: 200 };
    if (exc instanceof ActionDispatchError) return { data: {}, dataError: await $py.str(exc), redirect: null, status: exc.status_code };
    return { data: {}, dataError: await errorLine(exc), redirect: null, status: 200 };
  }
}

// ------------------------------------------------------------------------- screen

/** `render_screen(page, data)`: {html, hydration, renderError}; Screen construction errors propagate. */
export async function renderScreen(route, data) {
  const screen = await $py.call(route.screen, $py.kw({ data }));
  try {
    const tree = await $py.callm(screen, "render", data);
    const rendered = await renderTree(tree);
    return { html: rendered.html, hydration: rendered.hydration, renderError: null };
  } catch (caught) {
    const line = await errorLine(caught);
    return { html: `<main><h1>SPRAG render error</h1><pre>${line}</pre></main>`, hydration: [], renderError: line };
  }
}

// ------------------------------------------------------------------------- metadata

/** `_resolved_surface_metadata`: app metadata, then the surface's, then data["__sprag_meta__"]. */
function resolvedSurfaceMetadata(staticMetadata, data, appMetadata) {
  const metadata = { ...(appMetadata ?? {}), ...(staticMetadata ?? {}) };
  const dynamic = $py.isdict(data) ? data.__sprag_meta__ : undefined;
  if ($py.isdict(dynamic)) Object.assign(metadata, dynamic);
  return metadata;
}

/** `_metadata_content`: sequences joined with ", " (None and "" skipped), else str(). */
async function metadataContent(value) {
  if (Array.isArray(value) || value instanceof Set) {
    const parts = [];
    for (const item of value) if (item !== null && item !== "") parts.push(await $py.str(item));
    return parts.join(", ");
  }
  return $py.str(value);
}

/** `_serializable_metadata`: {title, ...str contents, icons as given}. */
async function serializableMetadata(metadata, title) {
  const serializable = {};
  if (title !== null && title !== undefined && title !== "") serializable.title = await $py.str(title);
  if (!$py.isdict(metadata)) return serializable;
  for (const [key, value] of Object.entries(metadata)) {
    if (key === "title") continue;
    if (key === "icons") {
      serializable.icons = value;
      continue;
    }
    const content = await metadataContent(value);
    if (value === null || content === "") continue;
    serializable[key] = content;
  }
  return serializable;
}

/** `relative_url(document_path, target)` for root-relative targets. */
function relativeUrl(documentPath, target) {
  if (documentPath === null || documentPath === undefined || !target.startsWith("/") || target.startsWith("//")) return target;
  const cleanDocument = documentPath.replace(/^\/+|\/+$/g, "");
  if (target === "/") return cleanDocument ? "../".repeat(cleanDocument.split("/").length) : "./";
  if (!documentPath || documentPath === "/") return target.replace(/^\/+/, "");
  const from = cleanDocument.split("/").filter(Boolean);
  const to = target.replace(/^\/+/, "").split("/").filter(Boolean);
  let common = 0;
  while (common < from.length && common < to.length && from[common] === to[common]) common += 1;
  const parts = [...Array(from.length - common).fill(".."), ...to.slice(common)];
  return parts.length > 0 ? parts.join("/") : ".";
}

function renderIconLinks(icons, documentPath) {
  if (!icons || (Array.isArray(icons) && icons.length === 0)) return [];
  const entries = Array.isArray(icons) ? icons : [icons];
  const tags = [];
  for (let entry of entries) {
    if (isStr(entry)) entry = { href: entry, rel: "icon" };
    if (!$py.isdict(entry) || !hasOwn(entry, "href")) continue;
    let attrs = `rel="${escapeHtml(entry.rel ?? "icon")}" href="${escapeHtml(relativeUrl(documentPath, entry.href))}"`;
    if (hasOwn(entry, "type")) attrs += ` type="${escapeHtml(entry.type)}"`;
    if (hasOwn(entry, "sizes")) attrs += ` sizes="${escapeHtml(entry.sizes)}"`;
    tags.push(`<link ${attrs} data-sprag-head="true">`);
  }
  return tags;
}

/** `_render_metadata_tags`: <meta name|property> / canonical <link> / icon links. */
async function renderMetadataTags(metadata, documentPath) {
  const tags = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (key === "title" || value === null || value === "") continue;
    if (key === "icons") {
      tags.push(...renderIconLinks(value, documentPath));
      continue;
    }
    const content = await metadataContent(value);
    if (!content) continue;
    const escapedContent = escapeHtml(content);
    const escapedKey = escapeHtml(key);
    if (key === "canonical") {
      tags.push(`<link rel="canonical" href="${escapedContent}" data-sprag-head="true" data-sprag-head-key="${escapedKey}">`);
      continue;
    }
    const attr = key.startsWith("og:") ? "property" : "name";
    tags.push(`<meta ${attr}="${escapedKey}" content="${escapedContent}" data-sprag-head="true" data-sprag-head-key="${escapedKey}">`);
  }
  return tags.join("\n  ");
}

// ------------------------------------------------------------------------- payload

/** `_json_safe`: dicts and lists copied, tuples as lists, runtime dataclasses as dicts. */
function jsonSafe(value) {
  if (Array.isArray(value)) return value.map(jsonSafe);
  if ($py.isdict(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonSafe(item)]));
  const fields = value?.constructor?.__dataclass_fields__;
  if (fields && typeof value === "object") return Object.fromEntries(fields.map((field) => [field, jsonSafe(value[field])]));
  return value;
}

/** `json.dumps(payload, sort_keys=True)`; a value JSON cannot encode raises Python's TypeError. */
function payloadJson(payload) {
  try {
    return pyDumps(payload, { sortKeys: true });
  } catch (error) {
    if (error instanceof NotSerializableError) throw new $py.TypeError(error.message);
    throw error;
  }
}

/** `store_snapshots()`: {name: snapshot} of every declared store. */
export async function storeSnapshots() {
  const snapshots = {};
  for (const bridge of await $py.call(declared_stores)) snapshots[bridge.name] = await $py.callm(bridge, "snapshot");
  return snapshots;
}

/** sha256(json.dumps(value, sort_keys=True, separators=(",", ":")))[:16] */
async function fingerprint(value) {
  const text = await $py.call(jsonDumps, value, $py.kw({ sort_keys: true, separators: Object.freeze([",", ":"]) }));
  return (await hexdigest(sha256, text)).slice(0, 16);
}

/** `store_fingerprint()`: declared store names and initial states. */
async function storeFingerprint() {
  const bridges = [...(await $py.call(declared_stores))].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return fingerprint(bridges.map((bridge) => ({ name: bridge.name, initial: bridge.initial })));
}

/** `_surface_fingerprint(kind, info, hydration=)` */
async function surfaceFingerprint(kind, info, hydration = []) {
  const field = (key) => (hasOwn(info, key) ? info[key] : null);
  return fingerprint({
    kind,
    path: field("path"),
    name: field("name"),
    mode: field("mode"),
    controller: field("controller"),
    component: field("component"),
    module: field("module"),
    boot: field("boot"),
    actions: [...(info.actions ?? [])].sort(),
    hydration: hydration.map((entry) => ({ id: entry.id ?? null, component: entry.component ?? null, module: entry.module ?? null })),
  });
}

function hotReloadRestoreScript(surfacePath, storeFingerprintValue, surfaceFingerprintValue) {
  const cacheKey = `sprag:reload:${surfacePath || "/"}`;
  const q = (text) => pyDumps(text);
  return `(function() {
    var cacheKey = ${q(cacheKey)};
    var expectedStoreFingerprint = ${q(storeFingerprintValue)};
    var expectedSurfaceFingerprint = ${q(surfaceFingerprintValue)};
    window.__SPRAG_HOT_RELOAD_KEY__ = cacheKey;
    try {
        if (!window.sessionStorage) return;
        var raw = window.sessionStorage.getItem(cacheKey);
        if (!raw) return;
        var cached = JSON.parse(raw);
        if (
            !cached
            || cached.store_fingerprint !== expectedStoreFingerprint
            || cached.surface_fingerprint !== expectedSurfaceFingerprint
        ) {
            window.sessionStorage.removeItem(cacheKey);
            return;
        }
        if (cached.stores && typeof cached.stores === 'object') {
            window.__SPRAG_PAYLOAD__.stores = cached.stores;
        }
        if (
            cached.metadata
            && typeof cached.metadata === 'object'
            && window.__SPRAG_PAYLOAD__
        ) {
            window.__SPRAG_PAYLOAD__.metadata = cached.metadata;
        }
        if (
            cached.surface_kind === 'route'
            && Array.isArray(cached.hydration)
            && window.__SPRAG_PAYLOAD__
            && Array.isArray(window.__SPRAG_PAYLOAD__.hydration)
        ) {
            var byId = {};
            for (var i = 0; i < cached.hydration.length; i += 1) {
                var saved = cached.hydration[i];
                if (saved && saved.id) {
                    byId[saved.id] = saved;
                }
            }
            window.__SPRAG_PAYLOAD__.hydration = window.__SPRAG_PAYLOAD__.hydration.map(function(entry) {
                var restored = byId[entry.id];
                if (!restored) return entry;
                return {
                    ...entry,
                    props: restored.props !== undefined ? restored.props : entry.props,
                    state: restored.state !== undefined ? restored.state : entry.state,
                    module_state: (
                        restored.module_state !== undefined
                            ? restored.module_state
                            : entry.module_state
                    ),
                };
            });
        }
        if (
            cached.surface_kind === 'mount'
            && cached.boot_data
            && typeof cached.boot_data === 'object'
            && window.__SPRAG_PAYLOAD__
        ) {
            window.__SPRAG_PAYLOAD__.boot = cached.boot_data;
            window.__SPRAG_PAYLOAD__.routeData = cached.boot_data;
        }
        window.sessionStorage.removeItem(cacheKey);
    } catch (_error) {
        try {
            if (window.sessionStorage) {
                window.sessionStorage.removeItem(cacheKey);
            }
        } catch (_innerError) {}
    }
})();`;
}

// ------------------------------------------------------------------------- documents

/**
 * `build_document_html` (kind "route") / `build_mount_html` (kind "mount"): the HTML document
 * around `body` (the shelled screen HTML, or the shelled #app-root of a mount) and its payload.
 */
async function buildDocument({ kind, info, title, body, routeData, hydration, metadata, scriptPath, stores, env, assets }) {
  const metadataPayload = await serializableMetadata(metadata, title);
  const shellHead = renderCssLinks(assets.css);
  const preload = renderPreloadHints(assets.css, scriptPath);
  const headBits = [preload, await renderMetadataTags(metadataPayload, info.path ?? null), shellHead].filter(Boolean).join("\n  ");
  const escapedTitle = escapeHtml(await $py.str(metadataPayload.title || title));
  const devReload = Boolean(info.dev_reload);
  const safeData = jsonSafe(routeData);
  const auth = $py.isdict(routeData) ? jsonSafe(routeData.__sprag_auth__ ?? null) : null;
  const payload =
    kind === "mount"
      ? { mount: info, page: info, boot: safeData, routeData: safeData, auth, hydration: [], stores, metadata: jsonSafe(metadataPayload), env }
      : { page: info, routeData: safeData, auth, hydration: serializableHydration(hydration), stores, metadata: jsonSafe(metadataPayload), env };
  let hotReloadTag = "";
  if (devReload) {
    const fingerprints = { store: await storeFingerprint(), surface: await surfaceFingerprint(kind, info, hydration) };
    payload.fingerprints = fingerprints;
    hotReloadTag = `\n  <script>${hotReloadRestoreScript(info.path || "/", fingerprints.store, fingerprints.surface)}</script>`;
  }
  const extraScripts = assets.js.length > 0 ? `\n  ${renderScriptTags(assets.js)}` : "";
  const bodyBlock = kind === "mount" ? body || '<div id="app-root"></div>' : `<div id="app-root">${body}</div>`;
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapedTitle}</title>
  ${headBits}
</head>
<body>
  ${bodyBlock}
  <script>
    window.__SPRAG_PAYLOAD__ = ${payloadJson(payload)};
  </script>${hotReloadTag}${extraScripts}
  <script type="module" src="${scriptPath}"></script>
</body>
</html>
`;
  return { html, payload };
}

/** `build_redirect_html(location)`: the static-safe redirect document. */
export function buildRedirectHtml(location, title = "Redirecting") {
  const escapedLocation = escapeHtml(String(location));
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="refresh" content="0; url=${escapedLocation}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(String(title))}</title>
</head>
<body>
  <p>Redirecting to <a href="${escapedLocation}">${escapedLocation}</a>...</p>
</body>
</html>
`;
}

/** `build_status_html(status, message)`: the auth failure document of a page GET. */
export function buildStatusHtml(status, message, title = null) {
  const resolvedTitle = title || `${status} Error`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(String(resolvedTitle))}</title>
</head>
<body>
  <main>
    <h1>${status}</h1>
    <p>${escapeHtml(String(message || resolvedTitle))}</p>
  </main>
</body>
</html>
`;
}

/** The WSGI handler's 500 page when rendering crashes (a JS stack stands for the traceback). */
function crashResponse(kind, line, caught) {
  const heading = kind === "mount" ? "SPRAG Mount Error" : "SPRAG Render Error";
  const trace = `Traceback (most recent call last):\n${caught?.stack ?? ""}\n${line}\n`;
  return {
    kind,
    status: 500,
    contentType: "text/html; charset=utf-8",
    html: `<!DOCTYPE html><html><body><h1>${heading}</h1><pre>${trace}</pre></body></html>`,
    error: line,
  };
}

/** A redirect answers with an empty body (buildRedirectHtml is the static build's page). */
function redirectResponse(kind, redirect, dataError) {
  return { kind, status: redirect.status, location: redirect.location, redirect, html: "", dataError };
}

function statusResponse(kind, status, dataError) {
  return { kind, status, contentType: "text/html; charset=utf-8", html: buildStatusHtml(status, dataError || `${status} Error`), dataError };
}

// ------------------------------------------------------------------------- socket bridge

const SOCKET_METHOD_USE = /\$py\.(?:callm|getattr|setattr|hasattr|delattr)\(self, "(?:on_socket|off_socket|emit_socket|join_topic|leave_topic)"/;
const SOCKET_EVENT_CONSTANT = /["'`]sprag:socket:/;

/** Whether a value (a member of a browser class) mentions the socket runtime. */
function mentionsSocketRuntime(value, seen = new Set()) {
  if (typeof value === "string") return value.startsWith("sprag:socket:");
  if (typeof value === "function") {
    if (value.__pyclass__) return false;
    const source = Function.prototype.toString.call(value);
    return SOCKET_METHOD_USE.test(source) || SOCKET_EVENT_CONSTANT.test(source);
  }
  if (value === null || typeof value !== "object" || seen.has(value)) return false;
  seen.add(value);
  const items = Array.isArray(value) || value instanceof Set ? [...value] : $py.isdict(value) ? Object.values(value) : [];
  return items.some((item) => mentionsSocketRuntime(item, seen));
}

/**
 * `browser_class_uses_socket_runtime`: sprag parses the class's source for `self.on_socket` /
 * `off_socket` / `emit_socket` / `join_topic` / `leave_topic` or a "sprag:socket:..." string;
 * here the class's own compiled members are searched for the same.
 */
export function browserClassUsesSocketRuntime(cls) {
  if (!cls) return false;
  return Object.getOwnPropertyNames(cls).some((key) => {
    const descriptor = Object.getOwnPropertyDescriptor(cls, key);
    return descriptor && "value" in descriptor && descriptor.enumerable && mentionsSocketRuntime(descriptor.value);
  });
}

/** `surface_socket_enabled(app, controller_cls, surface)` */
export function surfaceSocketEnabled(controllerClass, surface) {
  if (controllerClass && overridesBuildEvents(controllerClass)) return true;
  const browserClasses = [];
  if (surface.module) browserClasses.push(surface.module);
  if (surface.screen) {
    const modules = surface.screen.modules;
    if (modules) browserClasses.push(...$py.iter(modules));
  }
  return browserClasses.some(browserClassUsesSocketRuntime);
}

// ------------------------------------------------------------------------- rendering

const routeSlug = (path) => (path === "/" ? "index" : path.replace(/^\/+|\/+$/g, "").replaceAll("/", "__"));
const entryScriptPath = (kind, path) => `/surfaces/${kind}__${path.replace(/^\/+|\/+$/g, "").replaceAll("/", "__") || "index"}.js`;

function providerNames(providers) {
  return Object.fromEntries(Object.entries(providers ?? {}).map(([key, value]) => [key, value.__name__]));
}

/** What both surface kinds share: project root and dev flag. */
function commonContext({ app, devReload }) {
  return {
    projectRoot: app?.project_root ? String(app.project_root) : VIRTUAL_ROOT,
    devReload: Boolean(devReload ?? app?._sprag_dev_reload ?? false),
  };
}

/** The store snapshots and public env of the document, read after load() and render. */
async function documentState({ stores, env }) {
  const snapshots = typeof stores === "function" ? await stores() : stores;
  return { stores: snapshots ?? (await storeSnapshots()), env: env ?? (await $py.call(public_env)) };
}

/**
 * The response to `GET path` of a page: {kind: "page", status, html, contentType, payload,
 * appRootHtml (the inside of #app-root), screenHtml, hydration (entries with classes), data,
 * dataError, renderError, scriptPath}, or {status: 30x, location, redirect, html} for a
 * redirect, or a status / crash document.
 *
 * Options: `route` (the Page; default: matched among declaredPages), `request` (the caller's,
 * with session / user / active_profile; its path, query, params and method are set),
 * `controller` (the page's one controller instance; default: a new one), `stores`
 * ({name: snapshot}, or a function returning it, called after load() and render; default:
 * every declared store's snapshot at that moment),
 * `env` (default: public_env()), `app`,
 * `readFile` (shell templates), `withRequest(request, fn)` (default: the controller's
 * requestView), `devReload` (default: app._sprag_dev_reload), `scriptPath`.
 */
export async function renderPage(options) {
  const path = await normalizeRoutePath(options.path ?? "/");
  let { route, params } = options;
  if (!route) {
    const matched = await matchPageRoute(declaredPages, path);
    if (matched === null) throw new $py.LookupError(`No SPRAG page matches ${reprOf(path)}.`);
    ({ page: route, params } = matched);
  }
  params ??= matchRoutePath(route.path, path) ?? {};
  try {
    return await renderPageUnguarded(route, path, params, options);
  } catch (caught) {
    return crashResponse("page", await errorLine(caught), caught);
  }
}

async function renderPageUnguarded(route, path, params, options) {
  const { app = null, query, readFile = null, withRequest = null } = options;
  const request = await prepareRequest(options.request ?? null, { path, query, params });
  const scriptPath = options.scriptPath ?? entryScriptPath("route", request.path);
  const context = commonContext(options);
  const controller = options.controller ?? (await $py.call(route.controller));
  const loaded = await loadControllerData(controller, request, { app, withRequest });
  if (loaded.redirect) return redirectResponse("page", loaded.redirect, loaded.dataError);
  if (loaded.status !== 200) return statusResponse("page", loaded.status, loaded.dataError);

  const screen = await renderScreen(route, loaded.data);
  const metadata = resolvedSurfaceMetadata(route.metadata, loaded.data, app?.metadata);
  const modules = await surfaceModules(app, route, context.projectRoot);
  const shellOptions = { projectRoot: context.projectRoot, readFile };
  const shelled = await applyShell(screen.html, app, route.shell, shellOptions);
  const info = {
    path: request.path,
    mode: route.mode,
    name: route.name || routeSlug(route.path),
    controller: route.controller.__name__,
    actions: actionNames(route.controller),
    action_endpoint: "/__sprag__/actions",
    upload_endpoint: "/__sprag__/uploads",
    events_endpoint: "/__sprag__/events",
    socket_bridge: surfaceSocketEnabled(route.controller, route),
    dev_reload: context.devReload,
    modules,
    providers: providerNames(route.providers),
  };
  const document = await buildDocument({
    kind: "route",
    info,
    title: metadata.title || route.name || request.path,
    body: shelled.body,
    routeData: loaded.data,
    hydration: screen.hydration,
    metadata,
    scriptPath,
    ...(await documentState(options)),
    assets: shelled.assets,
  });
  return {
    kind: "page",
    status: loaded.status,
    contentType: "text/html; charset=utf-8",
    html: document.html,
    payload: document.payload,
    appRootHtml: shelled.body,
    screenHtml: screen.html,
    hydration: screen.hydration,
    data: loaded.data,
    dataError: loaded.dataError,
    renderError: screen.renderError,
    request,
    scriptPath,
  };
}

/**
 * The boot document of a client mount: {kind: "mount", status, html, payload, bodyHtml, data,
 * dataError, ...} or a redirect / status / crash response, as renderPage. Options as
 * renderPage's (`route` is the Mount, default: the declared mount at `path`; `controller` the
 * boot controller instance).
 */
export async function renderMount(options) {
  const route = options.route ?? declaredMounts.find((candidate) => candidate.path === options.path);
  if (!route) throw new $py.LookupError(`No SPRAG mount at ${reprOf(options.path)}.`);
  try {
    return await renderMountUnguarded(route, options);
  } catch (caught) {
    return crashResponse("mount", await errorLine(caught), caught);
  }
}

async function renderMountUnguarded(route, options) {
  const { app = null, query, readFile = null, withRequest = null } = options;
  const request = await prepareRequest(options.request ?? null, { path: options.path ?? route.path, query, params: undefined });
  const scriptPath = options.scriptPath ?? entryScriptPath("mount", route.path);
  const context = commonContext(options);
  let loaded;
  if (route.boot === null || route.boot === undefined) {
    loaded = { data: await injectAuthData({}, request, app), dataError: null, redirect: null, status: 200 };
  } else {
    const controller = options.controller ?? (await $py.call(route.boot));
    loaded = await loadControllerData(controller, request, { app, withRequest });
  }
  if (loaded.redirect) return redirectResponse("mount", loaded.redirect, loaded.dataError);
  if (loaded.status !== 200) return statusResponse("mount", loaded.status, loaded.dataError);

  const info = {
    path: route.path,
    name: route.name || routeSlug(route.path),
    component: route.component.__name__,
    module: route.module ? route.module.__name__ : null,
    boot: route.boot ? route.boot.__name__ : null,
    actions: route.boot ? actionNames(route.boot) : [],
    action_endpoint: "/__sprag__/actions",
    upload_endpoint: "/__sprag__/uploads",
    events_endpoint: "/__sprag__/events",
    socket_bridge: surfaceSocketEnabled(route.boot, route),
    dev_reload: context.devReload,
    modules: await surfaceModules(app, route, context.projectRoot),
    providers: providerNames(route.providers),
  };
  const metadata = resolvedSurfaceMetadata(route.metadata, loaded.data, app?.metadata);
  const shelled = await applyShell('<div id="app-root"></div>', app, route.shell, { projectRoot: context.projectRoot, readFile });
  const document = await buildDocument({
    kind: "mount",
    info,
    title: metadata.title || route.name || route.path,
    body: shelled.body,
    routeData: loaded.data,
    hydration: [],
    metadata,
    scriptPath,
    ...(await documentState(options)),
    assets: shelled.assets,
  });
  return {
    kind: "mount",
    status: loaded.status,
    contentType: "text/html; charset=utf-8",
    html: document.html,
    payload: document.payload,
    bodyHtml: shelled.body,
    data: loaded.data,
    dataError: loaded.dataError,
    request,
    scriptPath,
  };
}

/**
 * `GET path` as SpragWSGIApp routes it: the most specific declared page matching the path
 * (trailing slashes ignored), else the mount at exactly that path; null when neither matches
 * (the real server then serves a static file or 404). `options.controllerFor(surface, kind)`
 * (optional) supplies the lifecycle-owned controller; other options as renderPage's.
 */
export async function renderRequest(options) {
  const path = await normalizeRoutePath((options.path ?? "/").replace(/\/+$/, "") || "/");
  const pages = options.pages ?? declaredPages;
  const matched = await matchPageRoute(pages, path);
  if (matched !== null) {
    const controller = options.controllerFor ? await options.controllerFor(matched.page, "page") : options.controller;
    return renderPage({ ...options, path, route: matched.page, params: matched.params, controller });
  }
  const mounted = (options.mounts ?? declaredMounts).find((candidate) => candidate.path === path);
  if (!mounted) return null;
  const controller = options.controllerFor && mounted.boot ? await options.controllerFor(mounted, "mount") : options.controller;
  return renderMount({ ...options, path: options.path ?? path, route: mounted, controller });
}

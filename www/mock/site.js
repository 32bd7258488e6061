// The browser side of an app as `sprag build` lays it out under dist/public/, made in memory
// for the mock server: generated classes (spragc's compileProject), generated/index.js (the
// component and module registries), generated/manifest.js, one surfaces/<kind>__<slug>.js
// boot entry per page and mount, SPRAG's browser runtime and Ragot (from the pinned wheel,
// fetched at set-up), and the app's own static files (app/static/* at /static/*, other files
// at /assets/<path>).

/** `/counter` -> `route__counter.js`, `/` -> `route__index.js` (sprag's entry names). */
export function surfaceFile(kind, path) {
  const slug = path.replace(/^\/+|\/+$/g, "").replaceAll("/", "__") || "index";
  return `surfaces/${kind}__${slug}.js`;
}

/** The canonical output path of a surface (`/counter/`, `/`). */
function outputPath(path) {
  return path === "/" ? "/" : `${path.replace(/\/+$/, "")}/`;
}

/** generated/index.js: every compiled class, by kind. */
export function registriesModule(classes) {
  const components = classes.filter((c) => c.kind === "component" && c.output).map((c) => c.name).sort();
  const modules = classes.filter((c) => c.kind === "module" && c.output).map((c) => c.name).sort();
  const lines = [
    ...components.map((n) => `import { ${n} } from './components/${n}.js';`),
    ...modules.map((n) => `import { ${n} } from './modules/${n}.js';`),
    "",
    `export const componentRegistry = {\n${components.map((n) => `    ${n}`).join(",\n")}\n};`,
    `export const moduleRegistry = {\n${modules.map((n) => `    ${n}`).join(",\n")}\n};`,
    "",
  ];
  return lines.join("\n");
}

/** generated/manifest.js: routes and mounts (the live payload completes each at boot). */
export function manifestModule(pages, mounts) {
  const manifest = {
    errors: [],
    mounts: mounts.map((m) => ({ name: m.name ?? null, path: m.path, output: outputPath(m.path), component: m.component?.__name__ ?? null, module: m.module?.__name__ ?? null, boot: m.boot?.__name__ ?? null })),
    routes: pages.map((p) => ({ name: p.name ?? null, path: p.path, pattern: p.path, output: outputPath(p.path), mode: p.mode ?? "hybrid", controller: p.controller?.__name__ ?? null })),
  };
  return `const manifest = ${JSON.stringify(manifest, null, 2)};\nexport default manifest;\n`;
}

/** surfaces/<kind>__<slug>.js: the boot entry of one surface. */
export function surfaceModule(kind, path) {
  return [
    "import manifest from '../generated/manifest.js';",
    "import { componentRegistry, moduleRegistry } from '../generated/index.js';",
    "import '../generated/stores.js';",
    "import { startSurfaceBoot } from '../runtime/boot.js';",
    "",
    `startSurfaceBoot({ manifest, surfaceRef: ${JSON.stringify({ kind, path })}, componentRegistry, moduleRegistry });`,
    "",
  ].join("\n");
}

const TYPES = { js: "text/javascript", mjs: "text/javascript", css: "text/css", html: "text/html", json: "application/json", svg: "image/svg+xml", png: "image/png", map: "application/json", txt: "text/plain" };

/** The Content-Type of a path. */
export function contentType(path) {
  const ext = path.split(".").pop().toLowerCase();
  return `${TYPES[ext] ?? "application/octet-stream"}${TYPES[ext]?.startsWith("text/") || ext === "json" ? "; charset=utf-8" : ""}`;
}

/**
 * The site's files: URL path (no leading slash) -> text.
 * @param project   app files: path -> source (py, css, js, html...)
 * @param compiled  spragc compileProject result ({files, manifest: {classes}})
 * @param assets    SPRAG runtime files: `runtime/*.js`, `vendor/ragot.esm.min.js` -> text
 * @param surfaces  {pages, mounts} as the mock server declared them
 */
export function buildSite({ project, compiled, assets, surfaces }) {
  const site = new Map();
  for (const file of compiled.files) {
    site.set(`generated/${file.path}`, file.code);
    if (file.map) site.set(`generated/${file.path}.map`, file.map);
  }
  if (!site.has("generated/stores.js")) site.set("generated/stores.js", "export {};\n");
  site.set("generated/index.js", registriesModule(compiled.manifest?.classes ?? []));
  site.set("generated/manifest.js", manifestModule(surfaces.pages, surfaces.mounts));
  for (const page of surfaces.pages) site.set(surfaceFile("route", page.path), surfaceModule("route", page.path));
  for (const mount of surfaces.mounts) site.set(surfaceFile("mount", mount.path), surfaceModule("mount", mount.path));
  for (const [path, text] of Object.entries(assets)) site.set(path, text);
  for (const [path, text] of Object.entries(project)) {
    if (path.endsWith(".py")) continue;
    if (path.startsWith("app/static/")) site.set(`static/${path.slice("app/static/".length)}`, text);
    site.set(`assets/${path}`, text);
  }
  return site;
}

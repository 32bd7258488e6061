// Loads the compiled server modules of a project without a network round trip per module:
// each ES module spragc's server target wrote becomes an async function (its imports turned
// into `await $import(...)`, its `export { ... }` into a namespace object with live getters)
// evaluated with the AsyncFunction constructor. Blob-URL modules cost an inter-process round
// trip each in Chromium; this keeps a restart of the mock server within a few milliseconds.
//
// Semantics kept: dependencies are evaluated first and once; `import * as m` gives a
// module-like namespace whose attributes read the current values; `from m import x` takes
// the value at import time, as Python's import does. The runtime (py.js, lib/*.js) stays
// real ES modules, imported by URL. DevTools shows each module as spragc:///<path>, with its
// inline source map moved down by the lines the function wrapper adds.

const AsyncFunction = (async () => {}).constructor;
/** Lines `new AsyncFunction("$import", body)` puts before the body. */
const WRAPPER_LINES = 2;

const IMPORT_NAMESPACE = /^import \* as ([\w$]+) from "([^"]+)";$/;
const IMPORT_NAMED = /^import \{([^}]*)\} from "([^"]+)";$/;
const EXPORT = /^export \{([^}]*)\};$/;
const SOURCE_MAP = /^\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,(.*)$/;

/** `a, b as c` -> `a, b: c` (destructuring). */
const destructure = (names) =>
  names
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean)
    .map((n) => n.replace(/^([\w$]+) as ([\w$]+)$/, "$1: $2"))
    .join(", ");

/** A module-like namespace with live getters for `names`. */
function namespaceCode(names) {
  const props = names
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean)
    .map((n) => `${JSON.stringify(n)}: { get: () => ${n}, enumerable: true }`);
  return `return Object.freeze(Object.create(null, { [Symbol.toStringTag]: { value: "Module" }, ${props.join(", ")} }));`;
}

/** The inline source map with its mappings moved down by `lines`. */
function shiftSourceMap(base64, lines) {
  try {
    const map = JSON.parse(decodeURIComponent(escape(atob(base64))));
    map.mappings = ";".repeat(lines) + map.mappings;
    return `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${btoa(unescape(encodeURIComponent(JSON.stringify(map))))}`;
  } catch {
    return "";
  }
}

/** The body of the async function standing for one compiled module. */
export function functionBody(code, path) {
  const out = [];
  for (const line of code.split("\n")) {
    let m;
    if ((m = IMPORT_NAMESPACE.exec(line))) out.push(`const ${m[1]} = await $import(${JSON.stringify(m[2])});`);
    else if ((m = IMPORT_NAMED.exec(line))) out.push(`const { ${destructure(m[1])} } = await $import(${JSON.stringify(m[2])});`);
    else if ((m = EXPORT.exec(line))) out.push(namespaceCode(m[1]));
    else if ((m = SOURCE_MAP.exec(line))) out.push(shiftSourceMap(m[1], WRAPPER_LINES));
    else out.push(line);
  }
  if (!code.split("\n").some((line) => EXPORT.test(line))) out.push(namespaceCode(""));
  out.push(`//# sourceURL=spragc:///${path}`);
  return out.join("\n");
}

/** `../stores.js` seen from `app/routes/x/server.js` -> `app/stores.js`. */
function resolve(from, spec) {
  const parts = from.split("/").slice(0, -1);
  for (const piece of spec.split("/")) {
    if (piece === "..") parts.pop();
    else if (piece !== ".") parts.push(piece);
  }
  return parts.join("/");
}

/**
 * A loader for compiled modules {path: code}: `load(path)` evaluates the module (and its
 * dependencies) once and resolves to its namespace. Specifiers that are not relative are
 * imported as real ES modules.
 */
export function moduleLoader(files) {
  const sources = new Map(Object.entries(files));
  const loaded = new Map();
  const evaluating = new Set();
  const load = (path) => {
    if (loaded.has(path)) return loaded.get(path);
    if (evaluating.has(path)) throw new Error(`[spragc] circular import of ${path}`);
    evaluating.add(path);
    const fn = new AsyncFunction("$import", functionBody(sources.get(path), path));
    const $import = (spec) => {
      if (!spec.startsWith(".")) return import(spec);
      const target = resolve(path, spec);
      if (!sources.has(target)) return import(spec);
      return load(target);
    };
    const promise = fn($import).finally(() => evaluating.delete(path));
    loaded.set(path, promise);
    return promise;
  };
  return load;
}

// SPRAG's route patterns (sprag.runtime.routing): literal, [param] and [...rest] segments,
// trailing slashes ignored, the most specific page winning. The action dispatcher uses it
// to find the page a request names; page rendering will use it for URLs.

import * as $py from "../py/py.js";

/** "/a/b" for "a/b/", "/" for "" or "/"; any value goes through str() first. */
export async function normalizeRoutePath(path) {
  if (!$py.truthy(path) || path === "/") return "/";
  const text = await $py.str(path);
  return "/" + text.replace(/^\/+|\/+$/g, "");
}

/** The page among `pages` ({path, ...}) matching `actualPath`: {page, path, params} or null. */
export async function matchPageRoute(pages, actualPath) {
  const normalized = await normalizeRoutePath(actualPath);
  const ordered = [...pages].sort((a, b) => compareKeys(matchSortKey(a.path), matchSortKey(b.path)));
  for (const page of ordered) {
    const params = matchRoutePath(page.path, normalized);
    if (params !== null) return { page, path: normalized, params };
  }
  return null;
}

/** The params of `actualPath` under `pattern`, or null when it does not match. */
export function matchRoutePath(pattern, actualPath) {
  const actual = pathSegments(actualPath);
  const params = {};
  let index = 0;
  for (const segment of parseSegments(pattern)) {
    if (index >= actual.length) return null;
    if (segment.kind === "literal") {
      if (actual[index] !== segment.value) return null;
      index += 1;
    } else if (segment.kind === "param") {
      params[segment.value] = actual[index];
      index += 1;
    } else {
      params[segment.value] = actual.slice(index);
      index = actual.length;
      break;
    }
  }
  return index === actual.length ? params : null;
}

function normalizeText(path) {
  if (!path || path === "/") return "/";
  return "/" + String(path).replace(/^\/+|\/+$/g, "");
}

function pathSegments(path) {
  const normalized = normalizeText(path);
  if (normalized === "/") return [];
  return normalized.slice(1).split("/").filter(Boolean);
}

function parseSegments(pattern) {
  return pathSegments(pattern).map((part) => {
    if (part.startsWith("[...") && part.endsWith("]")) return { kind: "catch_all", value: part.slice(4, -1) };
    if (part.startsWith("[") && part.endsWith("]")) return { kind: "param", value: part.slice(1, -1) };
    return { kind: "literal", value: part };
  });
}

/** Fewest dynamic segments first, then fewest catch-alls, most literals, longest, by path. */
function matchSortKey(pattern) {
  const segments = parseSegments(pattern);
  const count = (test) => segments.filter(test).length;
  return [
    count((s) => s.kind !== "literal"),
    count((s) => s.kind === "catch_all"),
    -count((s) => s.kind === "literal"),
    -segments.length,
    pattern,
  ];
}

function compareKeys(a, b) {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return 0;
}

// Shared by the tests that run a whole app on the mock server: compile an app directory with
// spragc's server target (every file) against www/mock, and boot a MockServer on the output.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { MockServer } from "../../www/mock/server/app.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SPRAGC = process.env.SPRAGC || join(ROOT, "target", "release", "spragc");

/** Every compiled module path under `dir`, relative (`app/routes/counter/server.js`). */
export function compiledModules(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".js")) out.push(relative(dir, path).split("\\").join("/"));
    }
  };
  walk(dir);
  return out;
}

/** A MockServer booted on `app` compiled by `spragc server`; `close()` stops it and cleans up. */
export async function bootCompiledApp(app, options = {}) {
  const work = mkdtempSync(join(tmpdir(), "spragc-mock-app-"));
  const server = new MockServer({ devReload: false, ...options });
  const build = spawnSync(SPRAGC, ["server", app, "--out", work, "--runtime", join(ROOT, "www", "mock"), "--no-map"], { encoding: "utf8" });
  assert.equal(build.status, 0, build.stderr);
  await server.boot({ paths: compiledModules(work), importModule: (path) => import(pathToFileURL(join(work, path)).href) });
  server.close = async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  };
  return server;
}

/** A readable first difference of two texts. */
export function firstDifference(actual, expected) {
  if (actual === expected) return "identical";
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i += 1;
  const window = (text) => JSON.stringify(text.slice(Math.max(0, i - 60), i + 140));
  return `differs at ${i}:\n    mock: ${window(actual)}\n    real: ${window(expected)}`;
}

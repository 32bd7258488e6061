// Runs a reference script of tests/mock/ (reference_*.py) with the virtualenv that holds
// the real SPRAG server (.cache/refvenv, made by `npm run setup-reference`): JSON in on
// stdin, JSON out on stdout.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
export const REFERENCE_PYTHON = join(ROOT, ".cache", "refvenv", "bin", "python");

/** The JSON that tests/mock/<script> prints for `input`; throws with a clear message otherwise. */
export function runReference(script, input) {
  if (!existsSync(REFERENCE_PYTHON)) {
    throw new Error(
      `The reference SPRAG virtualenv is missing (${REFERENCE_PYTHON}). ` +
        "Create it with `npm run setup-reference` (scripts/setup-reference.sh).",
    );
  }
  const run = spawnSync(REFERENCE_PYTHON, [join(HERE, script)], {
    input: JSON.stringify(input),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, PYTHONHASHSEED: "0", PYTHONIOENCODING: "utf-8" },
  });
  if (run.status !== 0) {
    throw new Error(`${script} failed (exit ${run.status}):\n${run.stderr}`);
  }
  return JSON.parse(run.stdout);
}

/** A value as JSON sees it (what the reference side printed can be compared with it). */
export function asJson(value) {
  return JSON.parse(JSON.stringify(value));
}

// The standard-library stand-ins server code imports (www/mock/lib/json.js, hashlib.js,
// time.js) against Python's own json and hashlib (tests/mock/reference_service_stdlib.py).

import { test, after } from "node:test";
import assert from "node:assert/strict";

import * as $py from "../../www/mock/py/py.js";
import * as json from "../../www/mock/lib/json.js";
import * as hashlib from "../../www/mock/lib/hashlib.js";
import * as time from "../../www/mock/lib/time.js";
import { fakeClock, resetServer } from "../../www/mock/server/context.js";
import { runReference } from "./server_reference.mjs";

const DUMPS = [
  [{ a: 1, b: [1, 2, { c: "é\n\t\"\\" }], z: null, y: true, f: false }, {}],
  [{ b: 1, a: [], c: {}, "é": "ü" }, { sort_keys: true, indent: 2 }],
  [[1, [2, [3]], {}, []], { indent: "\t" }],
  [[1, [2, [3]], {}], { indent: 0 }],
  [{ x: "é😀\u0001\u007f" }, { ensure_ascii: false }],
  [{ x: "é😀\u0001\u007f" }, {}],
  [{ x: 1.5, z: 0.1, w: 1e-7, v: 123456789.123, u: -0.5 }, { separators: [",", ":"] }],
  [{ nested: { list: [{ a: 1 }, { b: [] }] } }, { indent: 4, sort_keys: true, separators: [",", " = "] }],
  ["plain string", {}],
  [12345678901234, {}],
  [{ b: 2, a: 1, B: 3, _: 4, "10": 5, "9": 6 }, { sort_keys: true }],
];

const LOADS = [
  '{"a": }',
  "[1, 2",
  '{"a" 1}',
  "{a: 1}",
  '"abc',
  "[1,]",
  "1 2",
  "",
  '{"a": 1,}',
  '"\\x"',
  '"a\nb"',
  "  [1, 2, 3]  ",
  '{"__proto__": 1, "b": [1e3, -0.5, "\\ud83d\\ude00", "\\u00e9"]}',
  '"\\u12"',
  '"\\ud800\\u12"',
  '"ab\\',
  '["a" "b"]',
  '{"a":1 "b":2}',
  "[",
  "{",
  '{"a"',
  "nul",
  "-",
  "01",
  "1.",
  "[1, 2]x",
  "\ufeff[1]",
  '{"dup": 1, "dup": 2, "k": [true, false, null]}',
  "\n\n  {\n  \"a\": tru }",
  "-12.5e-3",
];

const HASHES = ["", "abc", "analytical-engine", "a".repeat(1000), "é😀", "x".repeat(55), "y".repeat(56), "z".repeat(64)];

const reference = runReference("reference_service_stdlib.py", { dumps: DUMPS, loads: LOADS, hashes: HASHES });

after(() => resetServer());

async function attempt(thunk) {
  try {
    return { value: await thunk() };
  } catch (error) {
    const exc = $py.pyerr(error);
    return { raised: `${$py.typeName(exc)}: ${await $py.str(exc)}` };
  }
}

test("json.dumps writes Python's text", async () => {
  const results = [];
  for (const [value, kwargs] of DUMPS) results.push(await attempt(() => json.dumps(value, $py.kw(kwargs))));
  results.push(await attempt(() => json.dumps([NaN, Infinity, -Infinity])));
  results.push(await attempt(() => json.dumps([NaN], $py.kw({ allow_nan: false }))));
  results.push(await attempt(() => json.dumps(new Set([1, 2]))));
  results.push(await attempt(() => json.dumps({ s: new Set([3]) }, $py.kw({ default: $py.builtins.sorted }))));
  results.push(await attempt(() => json.dumps(new Uint8Array([120]))));
  const cyclic = [];
  cyclic.push(cyclic);
  results.push(await attempt(() => json.dumps(cyclic)));
  assert.deepEqual(results, reference.dumps);
});

test("json.loads parses like Python, with its JSONDecodeError messages", async () => {
  const results = [];
  for (const text of LOADS) results.push(await attempt(() => json.loads(text)));
  results.push(await attempt(() => json.loads(new TextEncoder().encode('{"bytes": "\\u00e9"}'))));
  results.push(await attempt(() => json.loads(5)));
  assert.deepEqual(JSON.parse(JSON.stringify(results)), reference.loads);
  const error = await attempt(() => json.loads("[1,"));
  assert.match(error.raised, /^JSONDecodeError: Expecting value/);
  try {
    json.loads("{");
  } catch (exc) {
    assert.ok(exc instanceof $py.ValueError);
    assert.deepEqual([exc.msg, exc.pos, exc.lineno, exc.colno], ["Expecting property name enclosed in double quotes", 1, 1, 2]);
  }
  assert.ok(Number.isNaN(json.loads("NaN")));
  assert.deepEqual(json.loads("[Infinity, -Infinity]"), [Infinity, -Infinity]);
});

test("json: floats from 1e16 up print as Python floats (no JSON transport for them above)", async () => {
  assert.equal(await json.dumps([1e20, 1e16, 2.5e-8]), "[1e+20, 1e+16, 2.5e-08]");
});

test("json round trip of a dict with sort_keys", async () => {
  const text = await json.dumps({ b: [1, 2], a: "x" }, $py.kw({ sort_keys: true }));
  assert.equal(text, '{"a": "x", "b": [1, 2]}');
  assert.deepEqual(json.loads(text), { a: "x", b: [1, 2] });
});

test("hashlib sha256 / md5 / sha1 / new / update / copy / digest match Python", async () => {
  const encode = (text) => $py.callm(text, "encode");
  const results = [];
  for (const text of HASHES) {
    const raw = await encode(text);
    const chunked = await $py.call(hashlib.sha256);
    for (let i = 0; i < raw.length; i += 7) await $py.callm(chunked, "update", raw.slice(i, i + 7));
    const copy = await $py.callm(chunked, "copy");
    await $py.callm(copy, "update", await encode("!"));
    results.push({
      sha256: await $py.callm(await $py.call(hashlib.sha256, raw), "hexdigest"),
      md5: await $py.callm(await $py.call(hashlib.md5, raw), "hexdigest"),
      sha1: await $py.callm(await $py.call(hashlib.sha1, raw), "hexdigest"),
      new: await $py.callm(await $py.call(hashlib.new, "sha256", raw), "hexdigest"),
      chunked: await $py.callm(chunked, "hexdigest"),
      copy: await $py.callm(copy, "hexdigest"),
      digest: [...(await $py.callm(await $py.call(hashlib.md5, raw), "digest"))],
      sizes: [$py.getattr(chunked, "name"), $py.getattr(chunked, "digest_size"), $py.getattr(chunked, "block_size")],
    });
  }
  assert.deepEqual(results, reference.hashes);
  assert.deepEqual(await attempt(() => $py.call(hashlib.sha256, "text")), reference.str_hash);
});

test("time reads the server clock; time.sleep waits on it", async () => {
  const clock = fakeClock(1000);
  resetServer({ clock, log: () => null });
  assert.equal(await $py.call(time.time), 1000);
  assert.equal(await $py.call(time.monotonic), 0);
  let woke = false;
  const sleeping = $py.call(time.sleep, 1.5).then(() => {
    woke = true;
  });
  await clock.advance(1);
  assert.equal(woke, false);
  await clock.advance(1);
  await sleeping;
  assert.equal(woke, true);
  assert.equal(await $py.call(time.time), 1002);
  assert.equal(await $py.call(time.perf_counter), 2);
  assert.equal(await $py.call(time.time_ns), 1002 * 1e9);
  await assert.rejects(async () => $py.call(time.sleep, -1), (e) => e instanceof $py.ValueError && String(e.message) === "sleep length must be non-negative");
  resetServer();
  const now = await $py.call(time.time);
  assert.ok(Math.abs(now - Date.now() / 1000) < 1);
});

// Differential test of www/mock/server/schema.js against Specter's real Schema.validate
// (tests/mock/reference_schema.py run in .cache/refvenv): every case is validated on both
// sides and the cleaned dict, or the failure (message, status, meta.errors), or the raised
// exception must be the same. Payloads are JSON text, parsed by each side.

import assert from "node:assert/strict";
import test from "node:test";

import * as $py from "../../www/mock/py/py.js";
import { Field, Schema } from "../../www/mock/server/schema.js";
import { runReference } from "./server_reference.mjs";

const B = $py.builtins;

// ------------------------------------------------------------------ callables used by cases
// Stand-ins for compiled Python (spragc's server target does not exist yet), written to the
// calling contract of www/mock/README.md. Same names and behaviour as reference_schema.py.

function compiled(name, params, body) {
  const sig = { name, params, defaults: {}, varargs: null, kwonly: [], kwdefaults: {}, varkw: null };
  return $py.def(async function (...$args) {
    return body(...$py.bind($args, sig));
  }, sig);
}

const raise = async (cls, ...args) => {
  throw await $py.call(cls, ...args);
};

const COERCERS = {
  shout: compiled("shout", ["value"], async (value) => $py.callm(await $py.str(value), "upper")),
  strict_int: compiled("strict_int", ["value"], async (value) => {
    if (!(await $py.isinstance(value, B.int)) || (await $py.isinstance(value, B.bool))) {
      await raise(B.ValueError, "not an int");
    }
    return value;
  }),
  needs_text: compiled("needs_text", ["value"], async (value) => {
    if (!(await $py.isinstance(value, B.str))) await raise(B.TypeError, "text please");
    return $py.callm(value, "strip");
  }),
  lookup: compiled("lookup", ["value"], async (value) => $py.getitem({ a: 1, b: 2 }, value)),
};

const FACTORIES = {
  make_list: compiled("make_list", [], async () => []),
  make_tags: compiled("make_tags", [], async () => ["new"]),
  list: B.list,
  dict: B.dict,
};

const VALIDATORS = {
  positive: compiled("positive", ["value"], async (value) => $py.gt(value, 0)),
  non_empty: compiled("non_empty", ["value"], async (value) => $py.gt(await $py.call(B.len, value), 0)),
  always_none: compiled("always_none", ["value"], async () => null),
  zero: compiled("zero", ["value"], async () => 0),
  explode: compiled("explode", ["value"], async (value) => raise(B.ValueError, `bad value ${await $py.repr(value)}`)),
};

// ------------------------------------------------------------------ the cases

const TYPES = ["int", "float", "str", "bool", "list", "dict"];

/** Raw JSON values every builtin type is coerced from (a required field, so null coerces). */
const RAW_VALUES = [
  "true", "false", "null", "0", "1", "7", "-7", "3.7", "-3.7", "2.0", "-0.0", "1e400", "0.1",
  "12345678901234567890", '"7"', '" 12 "', '"+5"', '"007"', '"3.7"', '"1e3"', '"1_000"', '"1__0"',
  '""', '"abc"', '"yes"', '"off"', '"True"', '" ON "', '"  No"', '"maybe"', '"nan"', '"-inf"',
  '"\u0663"', '"0x10"', '"\u00e9"', "[1]", "[]", '[1, "a", null]', "{}", '{"a": [true, null]}',
];

/**
 * Values whose int/float kind JSON keeps but a JavaScript number loses (README: known gap);
 * it shows where the result names or prints the kind (str, and the list/dict type errors).
 */
function numberKindGap(type, rawValue) {
  if (!["str", "list", "dict"].includes(type)) return null;
  if (/^-?\d+\.0$/.test(rawValue) && rawValue !== "-0.0") return "a float with an integral value is a JS integer (2.0 → 2)";
  if (/^-?\d{17,}$/.test(rawValue)) return "an int beyond 2**53 is a JS float";
  return null;
}

function coercionCases() {
  const cases = [];
  for (const type of TYPES) {
    for (const raw of RAW_VALUES) {
      cases.push({
        title: `${type} field given ${raw}`,
        schema: { name: `coerce_${type}`, fields: { v: { type, required: true } } },
        payload: `{"v": ${raw}}`,
        gap: numberKindGap(type, raw),
      });
    }
  }
  return cases;
}

const one = (spec, payload, extra = {}) => ({ schema: { name: "s", fields: { n: spec } }, payload, ...extra });

const SCENARIOS = [
  // presence, optional values and defaults
  ["required and missing", one({ type: "int", required: true }, "{}")],
  ["optional and missing: None", one({ type: "int" }, "{}")],
  ["optional and missing: default", one({ type: "int", default: 5 }, "{}")],
  ["optional null: default", one({ type: "int", default: 5 }, '{"n": null}')],
  ["optional null without default", one({ type: "str" }, '{"n": null}')],
  ["required null str becomes 'None'", one({ type: "str", required: true }, '{"n": null}')],
  ["required with a default, missing", one({ type: "int", required: true, default: 3 }, "{}")],
  ["default is not coerced", one({ type: "int", default: "abc" }, "{}")],
  ["default ignores choices", one({ type: "str", default: "green", choices: ["red", "blue"] }, "{}")],
  ["default factory called", one({ type: "list", default: { factory: "make_list" } }, "{}")],
  ["default factory with items", one({ type: "list", default: { factory: "make_tags" } }, '{"n": null}')],
  ["default=list keeps the type", one({ type: "list", default: { factory: "list" } }, "{}")],
  ["default=dict keeps the type", one({ type: "dict", default: { factory: "dict" } }, "{}")],
  ["default dict value", one({ type: "dict", default: { a: [1, 2] } }, "{}")],
  ["present value wins over default", one({ type: "int", default: 5 }, '{"n": "9"}')],
  ["label in required message", one({ type: "int", required: true, label: "Count" }, "{}")],
  ["label in coercion message", one({ type: "int", label: "Count" }, '{"n": "x"}')],
  ["label in choices message", one({ type: "str", label: "Colour", choices: ["red"] }, '{"n": "blue"}')],
  ["empty label falls back to the key", one({ type: "int", required: true, label: "" }, "{}")],
  // payload shapes
  ["undeclared keys dropped", one({ type: "int" }, '{"n": 1, "zzz": 2, "other": [1]}')],
  ["empty schema drops everything", { schema: { name: "empty", fields: {} }, payload: '{"x": 1}' }],
  ["list payload", one({ type: "int" }, "[1]")],
  ["int payload", one({ type: "int" }, "5")],
  ["null payload", one({ type: "int" }, "null")],
  ["string payload", one({ type: "int" }, '"x"')],
  ["a field named __proto__", { schema: { name: "s", fields: { ["__proto__"]: { type: "int" } } }, payload: '{"__proto__": "4"}' }],
  // choices
  ["choices: accepted", one({ type: "str", choices: ["red", "blue"] }, '{"n": "red"}')],
  ["choices: refused", one({ type: "str", choices: ["red", "blue"] }, '{"n": "green"}')],
  ["choices: coerced before the check", one({ type: "int", choices: [1, 2, 3] }, '{"n": "2"}')],
  ["choices: int refused", one({ type: "int", choices: [1, 2, 3] }, '{"n": 5}')],
  ["choices: True is 1", one({ type: "bool", choices: [1, 2] }, '{"n": "yes"}')],
  ["choices: False is not in [1, 2]", one({ type: "bool", choices: [1, 2] }, '{"n": "no"}')],
  ["choices: float", one({ type: "float", choices: [1.5, 2.5] }, '{"n": "2.5"}')],
  ["choices: 1 matches 1.0", one({ type: "int", choices: [1.5, 1.0] }, '{"n": 1}')],
  ["choices: None printed", one({ type: "str", required: true, choices: ["a"] }, '{"n": null}')],
  ["choices: empty list means none", one({ type: "str", choices: [] }, '{"n": "x"}')],
  ["choices: quotes in repr", one({ type: "str", choices: ["it's", 'say "hi"', "plain"] }, '{"n": "x"}')],
  ["choices: mixed types in repr", one({ type: "str", choices: [1, null, true, "a"] }, '{"n": "x"}')],
  ["choices: list value", one({ type: "list", choices: [[1], [2]] }, '{"n": [2]}')],
  ["choices: a string is a sequence of characters", one({ type: "str", choices: "abc" }, '{"n": "b"}')],
  ["choices: characters refused", one({ type: "str", choices: "abc" }, '{"n": "ab"}')],
  // strict
  ["strict: unknown key", { schema: { name: "st", strict: true, fields: { a: { type: "int" } } }, payload: '{"a": 1, "b": 2}' }],
  ["strict: unknown first", { schema: { name: "st", strict: true, fields: { a: { type: "int", required: true } } }, payload: '{"b": 2}' }],
  ["strict: all known", { schema: { name: "st", strict: true, fields: { a: { type: "int" }, b: { type: "str" } } }, payload: '{"b": 2}' }],
  ["strict: unknown null", { schema: { name: "st", strict: true, fields: {} }, payload: '{"z": null}' }],
  ["non-strict: unknown ignored", { schema: { name: "st", fields: { a: { type: "int" } } }, payload: '{"a": 1, "b": 2}' }],
  // several errors
  [
    "errors in declaration order",
    {
      schema: {
        name: "multi",
        fields: { a: { type: "int", required: true }, b: { type: "list" }, c: { type: "str", choices: ["x"] }, d: { type: "int" } },
      },
      payload: '{"d": "4", "c": "y", "b": "no"}',
    },
  ],
  [
    "strict and field errors together",
    { schema: { name: "multi", strict: true, fields: { a: { type: "int", required: true }, b: { type: "float" } } }, payload: '{"x": 1, "b": "?"}' },
  ],
  [
    "good fields kept in declaration order",
    { schema: { name: "order", fields: { z: { type: "int" }, a: { type: "str" }, m: { type: "bool" } } }, payload: '{"m": "on", "a": 3, "z": "2"}' },
  ],
  // validators
  ["validator passes", one({ type: "int", validator: "positive" }, '{"n": "3"}')],
  ["validator returns False", one({ type: "int", validator: "positive" }, '{"n": -3}')],
  ["validator on an empty string", one({ type: "str", validator: "non_empty" }, '{"n": ""}')],
  ["validator returning None passes", one({ type: "int", validator: "always_none" }, '{"n": 1}')],
  ["validator returning 0 passes", one({ type: "int", validator: "zero" }, '{"n": 1}')],
  ["validator raising", one({ type: "int", validator: "explode" }, '{"n": 5}')],
  ["validator raising on a string", one({ type: "str", validator: "explode" }, '{"n": "it\'s"}')],
  ["validator skipped for a default", one({ type: "int", validator: "explode", default: 1 }, "{}")],
  ["validator after choices", one({ type: "int", validator: "explode", choices: [1] }, '{"n": 2}')],
  // custom coercers
  ["coercer result used", one({ type: "shout" }, '{"n": "abc"}')],
  ["coercer on a number", one({ type: "shout" }, '{"n": 5}')],
  ["coercer raising ValueError", one({ type: "strict_int" }, '{"n": "5"}')],
  ["coercer passing", one({ type: "strict_int" }, '{"n": 5}')],
  ["coercer refusing a bool", one({ type: "strict_int" }, '{"n": true}')],
  ["coercer raising TypeError", one({ type: "needs_text" }, '{"n": 5}')],
  ["coercer stripping", one({ type: "needs_text" }, '{"n": "  x  "}')],
  ["coercer required null", one({ type: "needs_text", required: true }, '{"n": null}')],
  ["coercer lookup", one({ type: "lookup" }, '{"n": "b"}')],
  ["coercer raising KeyError escapes", one({ type: "lookup" }, '{"n": "z"}')],
  // construction errors
  ["a field that is not a Field", { schema: { name: "bad", fields: { x: { raw: 5 } } }, payload: "{}" }],
  ["a str instead of a Field", { schema: { name: "bad", fields: { a: { type: "int" }, x: { raw: "int" } } }, payload: "{}" }],
];

const CASES = [...coercionCases(), ...SCENARIOS.map(([title, c]) => ({ title, ...c }))];

// ------------------------------------------------------------------ the JavaScript side

async function buildField(spec) {
  const type = B[spec.type] && TYPES.includes(spec.type) ? B[spec.type] : COERCERS[spec.type];
  const options = {};
  if ("required" in spec) options.required = spec.required;
  if ("default" in spec) {
    const fallback = spec.default;
    const isFactory = fallback !== null && typeof fallback === "object" && "factory" in fallback;
    options.default = isFactory ? FACTORIES[fallback.factory] : fallback;
  }
  if ("choices" in spec) options.choices = spec.choices;
  if ("validator" in spec) options.validator = VALIDATORS[spec.validator];
  if ("label" in spec) options.label = spec.label;
  return $py.call(Field, type, $py.kw(options));
}

async function buildSchema(desc) {
  const fields = {};
  for (const [key, spec] of Object.entries(desc.fields)) {
    put(fields, key, "raw" in spec ? spec.raw : await buildField(spec));
  }
  return $py.call(Schema, desc.name ?? "s", fields, $py.kw({ strict: desc.strict ?? false }));
}

/** obj[key] = value, also for the key "__proto__". */
function put(obj, key, value) {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

/** What reference_schema.py prints for a value: JSON, with repr() for what JSON cannot hold (or loses: -0.0). */
async function comparable(value) {
  if (typeof value === "number" && (!Number.isFinite(value) || Object.is(value, -0))) return { __repr__: $py.repr(value) };
  if (typeof value === "function") return { __repr__: await $py.repr(value) };
  if (Array.isArray(value)) return Promise.all(value.map(comparable));
  if ($py.isdict(value)) {
    const out = {};
    for (const key of Object.keys(value)) put(out, key, await comparable(value[key]));
    return out;
  }
  return value;
}

async function runCase(c) {
  try {
    const schema = await buildSchema(c.schema);
    const outcome = await $py.callm(schema, "validate", JSON.parse(c.payload));
    if (outcome.ok) return { ok: true, value: await comparable(outcome.value) };
    return { ok: false, error: outcome.error, status: outcome.status, meta: outcome.meta };
  } catch (caught) {
    const exc = $py.pyerr(caught);
    return { raised: `${$py.typeName(exc)}: ${await $py.str(exc)}` };
  }
}

// ------------------------------------------------------------------ the comparison

const expected = runReference("reference_schema.py", CASES.map(({ schema, payload }) => ({ schema, payload })));

test("at least 120 schema cases", () => {
  assert.ok(CASES.length >= 120, `${CASES.length} cases`);
  assert.equal(expected.length, CASES.length);
});

CASES.forEach((c, index) => {
  const options = c.gap ? { todo: `known gap: ${c.gap}` } : {};
  test(`schema: ${c.title}`, options, async () => {
    const actual = JSON.parse(JSON.stringify(await runCase(c)));
    assert.deepEqual(actual, expected[index], `payload ${c.payload}`);
  });
});

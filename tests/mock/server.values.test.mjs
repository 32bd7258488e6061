// Differential test of the value API of the mock server (www/mock/server/outcome.js,
// schema.js, actions.js decorators) against SPRAG's real one: each probe of
// tests/mock/reference_values.py has a twin here, called the way compiled server code calls
// it (www/mock/README.md contract), and both must return or raise the same.

import assert from "node:assert/strict";
import test from "node:test";

import * as $py from "../../www/mock/py/py.js";
import { action, requires_auth } from "../../www/mock/server/actions.js";
import {
  ActionDispatchError,
  HTTPError,
  Operation,
  OperationError,
  Outcome,
  Redirect,
  redirect,
  slugify,
} from "../../www/mock/server/outcome.js";
import { Field, Schema } from "../../www/mock/server/schema.js";
import { asJson, runReference } from "./server_reference.mjs";

const B = $py.builtins;
const kw = $py.kw;

// ------------------------------------------------------------------ compiled-code stand-ins

function method(name, spec, body) {
  const sig = { name, params: [], defaults: {}, varargs: null, kwonly: [], kwdefaults: {}, varkw: null, ...spec };
  return $py.def(async function (...$args) {
    return body(this, ...$py.bind($args, sig));
  }, sig);
}

class Pair extends Operation {}
$py.klass(Pair, "Pair", {
  perform: method("perform", { qualname: "Pair.perform", params: ["a", "b"], defaults: { b: 2 } }, (self, a, b) => [a, b]),
});

class Teapot extends Operation {}
$py.klass(Teapot, "Teapot", {
  validate: method("validate", { qualname: "Teapot.validate", varargs: "args", varkw: "kwargs" }, async () => {
    throw await $py.call(OperationError, "short and stout", kw({ status: 418, meta: { k: 1 } }));
  }),
});

const sample = method(
  "sample",
  { params: ["name", "count"], defaults: { count: 3 }, kwonly: ["flag"], kwdefaults: { flag: false } },
  () => null,
);
const lambda = method("<lambda>", {}, () => null);

const SLUGS = [
  "Hello, World!", "", "   ", "--a--b--", "\u00dcn\u00efc\u00f6d\u00e9", "CamelCase42", "a_b.c/d", null, 3.5, ["x", 1],
];

// ------------------------------------------------------------------ the probes

const outcome = (name, ...args) => $py.callm(Outcome, name, ...args);
const toDict = async (value) => $py.callm(await value, "to_dict");
const field = (type, options = {}) => $py.call(Field, type, kw(options));
const schema = async (name, fields, options = {}) => $py.call(Schema, name, fields, kw(options));
const requirement = async (decorated) => (await decorated)._sprag_auth_requirement;
/** list(requires_auth(roles=roles)(sample)._sprag_auth_requirement.roles) */
const rolesOf = async (roles) =>
  $py.call(B.list, (await requirement($py.call(await $py.call(requires_auth, kw({ roles })), sample))).roles);
const raised = async (fn) => {
  try {
    await fn();
  } catch (caught) {
    return $py.pyerr(caught);
  }
  throw new Error("expected an exception");
};

const PROBES = {
  outcome_success: () => toDict(outcome("success", { a: 1 }, kw({ status: 201, extra: "x" }))),
  outcome_failure: async () =>
    toDict(outcome("failure", await $py.call(B.ValueError, "bad"), kw({ status: 409, value: [1], code: "E1" }))),
  outcome_failure_defaults: () => toDict(outcome("failure", "nope")),
  outcome_constructor: () => toDict($py.call(Outcome, true, 5)),
  outcome_repr: async () => $py.repr(await outcome("success", 1)),
  outcome_unwrap: async () => $py.callm(await outcome("success", [1]), "unwrap"),
  outcome_unwrap_failure: async () => $py.callm(await outcome("failure", "nope"), "unwrap"),
  outcome_unwrap_empty_error: async () => $py.callm(await outcome("failure", ""), "unwrap"),
  outcome_tuple: async () => $py.call(B.list, await $py.callm(await outcome("success", 5), "to_tuple")),
  outcome_equal: async () => [
    await $py.eq(await outcome("success", 1), await outcome("success", 1)),
    await $py.eq(await outcome("success", 1), await outcome("success", 2)),
  ],
  operation_not_implemented: async () => toDict($py.callm(await $py.call(Operation), "run", 1)),
  operation_arguments: async () => toDict($py.callm(await $py.call(Pair), "run", 1, kw({ b: 5 }))),
  operation_bad_arguments: async () => toDict($py.callm(await $py.call(Pair), "run")),
  operation_error_meta: async () => toDict($py.callm(await $py.call(Teapot), "run")),
  operation_success_helper: async () => toDict($py.callm(await $py.call(Operation), "success", 3, kw({ status: 202, a: 1 }))),
  operation_failure_helper: async () =>
    toDict($py.callm(await $py.call(Operation), "failure", await $py.call(B.KeyError, "k"), kw({ status: 404 }))),
  operation_error_fields: async () => {
    const e = await $py.call(OperationError, 5, kw({ status: 409 }));
    return [await $py.str(e), e.message, e.status, e.meta];
  },
  redirect_payloads: async () => [
    await $py.callm(await $py.call(redirect, "/x"), "as_payload"),
    await $py.callm(await $py.call(redirect, "/x", kw({ status: 301 })), "as_payload"),
    await $py.callm(await $py.call(redirect, "/x", kw({ status: 303, replace: true })), "as_payload"),
    await $py.getattr(await $py.call(Redirect, "/y", kw({ status: 308, replace: false })), "browser_replace"),
  ],
  redirect_str: async () => {
    const r = await $py.call(redirect, "/x");
    return [await $py.str(r), r.location, r.replace];
  },
  redirect_empty: () => $py.call(redirect, ""),
  redirect_blank: () => $py.call(redirect, "   "),
  redirect_not_str: () => $py.call(redirect, 5),
  redirect_bad_replace: () => $py.call(redirect, "/x", kw({ replace: "yes" })),
  redirect_str_status: () => $py.call(redirect, "/x", kw({ status: "302" })),
  redirect_positional_status: () => $py.call(redirect, "/x", 302),
  dispatch_error_fields: async () => {
    const e = await $py.call(ActionDispatchError, "gone", kw({ status_code: 410 }));
    return [await $py.str(e), e.status_code, e.traceback_text];
  },
  dispatch_error_default: async () => (await $py.call(ActionDispatchError, "bad")).status_code,
  http_error_fields: async () => [
    (await $py.call(HTTPError, "m", 404)).status_code,
    (await $py.call(HTTPError, "m", kw({ status: 418 }))).status_code,
    (await $py.call(HTTPError, "m", kw({ payload: { a: 1 } }))).payload,
    await $py.str(await $py.call(HTTPError, "m")),
  ],
  slugify: async () => Promise.all(SLUGS.map((value) => $py.call(slugify, value))),
  schema_require: async () => $py.callm(await schema("r", { n: await field(B.int) }), "require", { n: "4", x: 1 }),
  schema_require_none: async () => $py.callm(await schema("r", { n: await field(B.int, { default: 1 }) }), "require", null),
  schema_require_failure: async () => $py.callm(await schema("r", { n: await field(B.int, { required: true }) }), "require", {}),
  schema_require_failure_fields: async () => {
    const s = await schema("r", { n: await field(B.int, { required: true }) });
    const e = await raised(() => $py.callm(s, "require", { n: "x" }));
    return [await $py.str(e), e.status_code, e.payload];
  },
  schema_extend: async () => {
    const base = await schema("a", { x: await field(B.int) });
    const extended = await $py.callm(base, "extend", "b", { y: await field(B.str, { required: true }) }, kw({ strict: true }));
    return toDict($py.callm(extended, "validate", { x: "1", z: 1 }));
  },
  schema_extend_keeps_strict: async () => {
    const base = await schema("a", { x: await field(B.int) }, { strict: true });
    return (await $py.callm(await $py.callm(base, "extend", "b", {}), "validate", { q: 1 })).error;
  },
  schema_extend_bad_field: async () => $py.callm(await schema("a", {}), "extend", "b", { y: 5 }),
  schema_names: async () => {
    const s = await schema("n", { a: await field(B.int, { required: true }), b: await field(B.str) });
    return [await $py.call(B.sorted, s.field_names), await $py.call(B.sorted, s.required_fields), await $py.repr(s)];
  },
  schema_not_a_dict: async () => toDict($py.callm(await schema("n", {}), "validate", [1])),
  field_attributes: async () => {
    const f = await field(B.str, { choices: Object.freeze(["a", "b"]), default: "a" });
    return [await $py.call(B.list, f.choices), f.required, f.default, f.label, f.validator];
  },
  field_empty_choices: async () => (await field(B.str, { choices: [] })).choices,
  auth_roles_string: () => rolesOf(" admin "),
  auth_roles_list: () => rolesOf(["a", " ", "b ", 5]),
  auth_roles_empty: async () => (await requirement($py.call(await $py.call(requires_auth, kw({ roles: [] })), sample))).roles,
  auth_roles_not_iterable: () => $py.call(requires_auth, kw({ roles: 5 })),
  auth_defaults: async () => {
    const r = await requirement($py.call(requires_auth, sample));
    return [r.require_active_profile, r.redirect_to, r.next_param, r.permissions];
  },
  auth_redirect: async () => {
    const r = await requirement($py.call(await $py.call(requires_auth, kw({ redirect_to: "", next_param: "to" })), sample));
    return [r.redirect_to, r.next_param];
  },
  action_meta: async () => {
    const meta = (await $py.call(await $py.call(action, kw({ name: "x", defer: 1 })), lambda))._sprag_action_meta;
    return [meta.name, meta.defer, meta.schema];
  },
  action_meta_default_name: async () => (await $py.call(action, sample))._sprag_action_meta.name,
  action_empty_name: async () => (await $py.call(await $py.call(action, kw({ name: "" })), sample))._sprag_action_meta.name,
  action_derived_schema: async () => {
    const decorated = await $py.call(await $py.call(action, kw({ derive: true, name: "renamed" })), sample);
    const s = decorated._sprag_action_meta.schema;
    return [await $py.repr(s), await $py.call(B.sorted, s.required_fields), (await $py.callm(s, "validate", { name: 1 })).value];
  },
  action_explicit_schema_wins: async () => {
    const given = await schema("given", {});
    return (await $py.call(await $py.call(action, kw({ schema: given, derive: true })), sample))._sprag_action_meta.schema.name;
  },
};

async function runProbe(name) {
  try {
    return { result: asJson((await PROBES[name]()) ?? null) };
  } catch (caught) {
    const exc = $py.pyerr(caught);
    return { raised: `${$py.typeName(exc)}: ${await $py.str(exc)}` };
  }
}

// ------------------------------------------------------------------ the comparison

const NAMES = Object.keys(PROBES);
const expected = runReference("reference_values.py", NAMES);

NAMES.forEach((name, index) => {
  test(`values: ${name}`, async () => {
    assert.deepEqual(await runProbe(name), expected[index]);
  });
});

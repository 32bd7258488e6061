// Differential test of the mock action dispatcher (www/mock/server/actions.js) against the
// real SPRAG server: every request goes to SPRAG's own WSGI application
// (tests/mock/reference_dispatch.py, in .cache/refvenv) and to the mock serving the
// hand-written twin controllers (tests/mock/server_probe_app.mjs). HTTP status, content
// type, the response body byte for byte and the deferred-action socket signals must match.

import assert from "node:assert/strict";
import test from "node:test";

import { actionNames, dispatchRequest } from "../../www/mock/server/actions.js";
import { LockedController, ProbeController, WidgetController, createProbeApp, probeRequest } from "./server_probe_app.mjs";
import { asJson, runReference } from "./server_reference.mjs";

const body = (route, action, payload) => JSON.stringify(payload === undefined ? { route, action } : { route, action, payload });
const probe = (action, payload, auth = {}) => ({ body: body("/probe", action, payload), ...auth });

/** [title, request, known gap or undefined] */
const REQUESTS = [
  // schema validation and coercion
  ["good payload", probe("increment", { count: 4 })],
  ["missing field", probe("increment", {})],
  ["wrong type", probe("increment", { count: "abc" })],
  ["coercible string", probe("increment", { count: "7" })],
  ["float truncated", probe("increment", { count: 3.7 })],
  ["bool to int", probe("increment", { count: true })],
  ["required null", probe("increment", { count: null })],
  ["undeclared keys dropped", probe("increment", { count: 4, zzz: 1 })],
  ["defaults filled in", probe("greet", { name: "Ada" })],
  ["every coercion", probe("greet", { name: "Ada", times: "3", loud: "yes", color: "blue" })],
  ["choices refused", probe("greet", { name: "Ada", color: "green" })],
  ["several errors", probe("greet", { times: "x", color: "green", loud: "maybe" })],
  ["default=list breaks the JSON encoding", probe("greet_tags", { name: "x" })],
  ["list field given", probe("greet_tags", { name: "x", tags: ["a"] })],
  ["strict schema", probe("strict_echo", { a: 1, b: 2 })],
  ["strict schema passing", probe("strict_echo", { a: "5" })],
  ["derive: defaults", probe("derived", { name: "n" })],
  ["derive: everything becomes str", probe("derived", { name: 5, count: 7 })],
  ["derive: required", probe("derived", {})],
  ["derive: list payload skips the schema", probe("derived", [1])],
  // payload shapes and binding
  ["list payload", probe("increment", [4])],
  ["scalar payload", probe("increment", 4)],
  ["scalar string reaches the action", probe("increment", "7")],
  ["null payload", probe("increment", null)],
  ["omitted payload", probe("increment")],
  ["empty list", probe("increment", [])],
  ["too many positional", probe("increment", [1, 2])],
  ["**extra collects unknown keys", probe("echo", { a: 1, c: 3, z: 9 })],
  ["*rest collects positional", probe("echo", [1, 2, 3, 4])],
  ["missing first argument", probe("echo", {})],
  ["all by keyword", probe("echo", { a: 1, b: 2, c: 3 })],
  ["scalar to the first parameter", probe("echo", "solo")],
  ["varargs name as keyword", probe("echo", { a: 1, rest: [2] })],
  ["no parameters, null", probe("nothing", null)],
  ["no parameters, empty dict", probe("nothing", {})],
  ["unexpected keyword", probe("nothing", { x: 1 })],
  ["no parameters, list", probe("nothing", [1])],
  ["no parameters, zero", probe("nothing", 0)],
  ["pair by keyword", probe("pair", { y: 2, x: 1 })],
  ["pair missing x", probe("pair", { y: 1 })],
  ["pair missing y", probe("pair", [1])],
  ["pair too many", probe("pair", [1, 2, 3])],
  ["single list value", probe("single", [[1, 2]])],
  ["single extra key", probe("single", { value: 1, extra: 2 })],
  ["keyword-only", probe("keyword", { k: 1 })],
  ["keyword-only refuses positional", probe("keyword", [1])],
  ["keyword-only missing", probe("keyword", {})],
  ["keyword-only unexpected", probe("keyword", { k: 1, j: 2, q: 3 })],
  // action names
  ["name= alias", probe("start")],
  ["python name of an aliased action", probe("queue_start")],
  ["unmarked method", probe("helper")],
  ["unknown action", probe("nope")],
  // results
  ["Outcome.success with status", probe("created")],
  ["Outcome.failure", probe("conflict")],
  ["Outcome.failure with value", probe("failure_value")],
  ["redirect returned", probe("go")],
  ["redirect raised, 301 replaces", probe("go_raise")],
  ["redirect default status", probe("go_default")],
  ["redirect replace=False", probe("go_keep")],
  ["redirect inside an Outcome", probe("go_outcome")],
  ["invalid redirect status", probe("bad_redirect")],
  ["ActionDispatchError", probe("dispatch_error")],
  ["ValueError", probe("boom")],
  ["KeyError", probe("missing_key")],
  ["TypeError from an operator", probe("add_text")],
  ["ZeroDivisionError", probe("divide", [0])],
  ["TypeError from division", probe("divide", ["x"])],
  ["float result", probe("divide", [4])],
  ["integral float result", probe("divide", [1]), "1 / 1 is the float 1.0; a JS number prints 1"],
  ["custom exception with two args", probe("quota")],
  ["value json cannot encode", probe("not_json")],
  ["Operation.run", probe("double", [4])],
  ["OperationError", probe("double", [0])],
  ["exception in Operation.perform", probe("double", [13])],
  ["Operation returning an Outcome", probe("double", [7])],
  ["slugify", probe("slug", ["Hello, World!"])],
  ["slugify empty", probe("slug", [""])],
  ["slugify unicode", probe("slug", ["  --\u00dcber Stra\u00dfe--  "])],
  ["slugify dotted I", probe("slug", ["\u0130stanbul 2024"])],
  ["slugify a number", probe("slug", [5])],
  ["slugify None", probe("slug", [null])],
  ["slugify only symbols", probe("slug", ["--__--"])],
  // wire encoding
  ["non-ASCII is escaped", probe("echo", { a: "\u00e9\u2603\ud83d\ude00\u007f\u0001" })],
  ["keys sorted", probe("echo", { a: { b: 1, a: 2, B: 3, "\u00e9": 4, "": 5 } })],
  ["float formats", probe("echo", { a: [0.1, 1e-7, 1.5e300, -2.5, 123456.789, 1e-5, 1234567890123456.7] })],
  ["int at 1e16", probe("echo", { a: 1e16 }), "an integral number from 1e16 on prints as a float (1e+16)"],
  ["quotes and control characters", probe("echo", { a: 'say "hi"\n\t\\' })],
  // auth
  ["role required, anonymous", probe("admin_only")],
  ["role required, auth before validation", probe("admin_only", { junk: true })],
  ["role missing", probe("admin_only", undefined, { user: "bob" })],
  ["role granted", probe("admin_only", undefined, { user: "bob", roles: "admin,staff" })],
  ["profile required, anonymous", probe("profile_only")],
  ["profile missing", probe("profile_only", undefined, { user: "bob" })],
  ["profile given", probe("profile_only", undefined, { user: "bob", profile: "p1" })],
  ["@requires_auth without arguments", probe("member_only", undefined, { user: "bob" })],
  ["class-level auth, anonymous", { body: body("/locked", "secret") }],
  ["class-level auth, signed in", { body: body("/locked", "secret"), user: "amy" }],
  ["unknown action before auth", { body: body("/locked", "nope") }],
  ["unmarked method of a guarded class", { body: body("/locked", "plain") }],
  // routes
  ["mount", { body: body("/widget", "ping") }],
  ["mount with a trailing slash", { body: body("/widget/", "ping") }],
  ["page with a trailing slash", { body: body("/probe/", "increment", { count: 1 }) }],
  ["page without the leading slash", { body: body("probe", "increment", { count: 1 }) }],
  ["unknown route", { body: body("/nope", "increment") }],
  ["numeric route", { body: body(5, "increment") }],
  ["list route", { body: body([1], "increment") }],
  ["numeric action", { body: body("/probe", 5) }],
  ["list action", { body: body("/probe", ["x"]) }],
  ["empty dict action", { body: body("/probe", {}) }],
  ["dict action", { body: body("/probe", { a: 1 }) }],
  // the request body
  ["missing route", { body: JSON.stringify({ action: "x" }) }],
  ["empty route", { body: body("", "x") }],
  ["null route", { body: body(null, "x") }],
  ["zero route", { body: body(0, "x") }],
  ["missing action", { body: JSON.stringify({ route: "/probe" }) }],
  ["empty action", { body: body("/probe", "") }],
  ["not JSON", { body: "nope" }],
  ["empty body", { body: "" }],
  ["blank body", { body: "  " }],
  ["empty object", { body: "{}" }],
  ["JSON list body", { body: "[1]" }],
  ["JSON null body", { body: "null" }],
  ["JSON string body", { body: '"x"' }],
  ["truncated JSON", { body: '{"route": "/probe"' }],
  // deferred actions
  ["deferred", probe("later", { n: 1 })],
  ["deferred failure", probe("later_fail")],
  ["deferred redirect raised", probe("later_redirect")],
  ["deferred redirect returned", probe("later_return_redirect")],
  ["deferred Outcome.failure", probe("later_outcome")],
  ["deferred validation error", probe("later_checked", {})],
  ["deferred with coercion", probe("later_checked", { n: "5" })],
  ["deferred binding error", probe("later", [1, 2])],
];

const TASK_ID = /deferred-[0-9a-f]{12}/g;

/** Task ids are random: each must look right, then they are compared as a placeholder. */
function withoutTaskIds(text) {
  return text.replace(TASK_ID, "deferred-<task>");
}

async function sendToMock(request) {
  const events = [];
  const app = createProbeApp({
    onDeferredDone(payload, { event, session_id: sessionId, route }) {
      events.push([event, payload, sessionId !== null, route]);
    },
    onError() {}, // the 500 text responses are what is compared
  });
  const response = await dispatchRequest(app, request.body, probeRequest(request));
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { status: response.status, content_type: response.contentType, body: response.text, events: asJson(events) };
}

const expected = runReference("reference_dispatch.py", REQUESTS.map(([, request]) => request));

REQUESTS.forEach(([title, request, gap], index) => {
  test(`dispatch: ${title}`, gap ? { todo: `known gap: ${gap}` } : {}, async () => {
    const actual = await sendToMock(request);
    const reference = expected[index];
    const context = `request body ${request.body}`;
    assert.equal(actual.status, reference.status, context);
    assert.equal(actual.content_type, reference.content_type, context);
    assert.equal(withoutTaskIds(actual.body), withoutTaskIds(reference.body), context);
    assert.deepEqual(
      JSON.parse(withoutTaskIds(JSON.stringify(actual.events))),
      JSON.parse(withoutTaskIds(JSON.stringify(reference.events))),
      context,
    );
  });
});

const CONTROLLERS = { ProbeController, LockedController, WidgetController };
const expectedActions = runReference("reference_dispatch.py", Object.keys(CONTROLLERS).map((name) => ({ actions_of: name })));

Object.entries(CONTROLLERS).forEach(([name, cls], index) => {
  test(`dispatch: page.actions of ${name}`, () => {
    assert.deepEqual({ actions: actionNames(cls) }, expectedActions[index]);
  });
});

test("dispatch: deferred task ids look like the server's", async () => {
  const actual = await sendToMock(probe("later", { n: 1 }));
  assert.match(actual.body, /"task_id": "deferred-[0-9a-f]{12}"/);
  assert.equal(actual.events[0][1].task_id, JSON.parse(actual.body).value.task_id);
});

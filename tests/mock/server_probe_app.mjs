// The JavaScript twin of tests/mock/reference_dispatch.py: the same controllers, written by
// hand to the calling contract of www/mock/README.md as STAND-INS FOR COMPILED CODE (until
// spragc's server target exists and can compile the Python ones), and a small mock `app`
// serving them the way reference_dispatch.py's sprag.App does. Keep both files in step.

import * as $py from "../../www/mock/py/py.js";
import { action, requires_auth } from "../../www/mock/server/actions.js";
import {
  ActionDispatchError,
  Operation,
  OperationError,
  Outcome,
  redirect,
  slugify,
} from "../../www/mock/server/outcome.js";
import { Field, Schema } from "../../www/mock/server/schema.js";

const B = $py.builtins;

// ------------------------------------------------------------------ compiled-code helpers

/** `def name(self, <params>)` compiled: the body gets self and the bound parameters. */
function method(name, spec, body) {
  const sig = { name, params: [], defaults: {}, varargs: null, kwonly: [], kwdefaults: {}, varkw: null, ...spec };
  return $py.def(async function (...$args) {
    const self = this;
    return body(self, ...$py.bind($args, sig));
  }, sig);
}

/** `raise Cls(*args)` */
async function raise(cls, ...args) {
  throw await $py.call(cls, ...args);
}

/** Applies method decorators (innermost last in `decorators`, as written top to bottom). */
async function decorate(cls, name, ...decorators) {
  let fn = cls.prototype[name];
  for (const decorator of [...decorators].reverse()) fn = await $py.call(decorator, fn);
  cls.prototype[name] = cls[name] = fn;
}

const field = (type, options = {}) => $py.call(Field, type, $py.kw(options));
const schema = async (name, fields, options = {}) => $py.call(Schema, name, fields, $py.kw(options));
const actionWith = (options) => $py.call(action, $py.kw(options));

// ------------------------------------------------------------------ helpers of the probe

class QuotaError extends $py.Exception {}
$py.klass(QuotaError, "QuotaError", {});

class Doubler extends Operation {}
$py.klass(Doubler, "Doubler", {
  name: "doubler",
  validate: method("validate", { params: ["n"] }, async (self, n) => {
    if (await $py.le(n, 0)) await raise(OperationError, "n must be positive", $py.kw({ status: 422 }));
    return null;
  }),
  perform: method("perform", { params: ["n"] }, async (self, n) => {
    if (await $py.eq(n, 13)) await raise(B.ValueError, "unlucky");
    if (await $py.eq(n, 7)) return $py.callm(Outcome, "success", { lucky: true }, $py.kw({ status: 201 }));
    return $py.mul(n, 2);
  }),
});

// ------------------------------------------------------------------ ProbeController

export class ProbeController extends $py.object {}
$py.klass(ProbeController, "ProbeController", {
  route: "/probe",
  increment: method("increment", { params: ["count"] }, async (self, count) => ({ count: await $py.add(count, 1) })),
  greet: method("greet", { params: ["name", "times", "loud", "color"] }, (self, name, times, loud, color) => ({
    name,
    times,
    loud,
    color,
  })),
  greet_tags: method("greet_tags", { params: ["name", "times", "loud", "tags", "color"] }, (self, name, times, loud, tags) => ({
    name,
    tags,
  })),
  strict_echo: method("strict_echo", { params: ["a"] }, (self, a) => ({ a })),
  echo: method(
    "echo",
    { params: ["a", "b"], defaults: { b: 2 }, varargs: "rest", kwonly: ["c"], kwdefaults: { c: null }, varkw: "extra" },
    async (self, a, b, rest, c, extra) => ({ a, b, rest: await $py.call(B.list, rest), c, extra }),
  ),
  nothing: method("nothing", {}, () => null),
  pair: method("pair", { params: ["x", "y"] }, (self, x, y) => [x, y]),
  single: method("single", { params: ["value"] }, (self, value) => ({ value })),
  keyword: method("keyword", { kwonly: ["k", "j"], kwdefaults: { j: 0 } }, (self, k, j) => ({ k, j })),
  derived: method("derived", { params: ["name", "count"], defaults: { count: 3 } }, (self, name, count) => ({ name, count })),
  queue_start: method("queue_start", {}, () => "started"),
  created: method("created", {}, () => $py.callm(Outcome, "success", { id: 1 }, $py.kw({ status: 201 }))),
  conflict: method("conflict", {}, () => $py.callm(Outcome, "failure", "Already exists.", $py.kw({ status: 409 }))),
  failure_value: method("failure_value", {}, () => $py.callm(Outcome, "failure", "Half done.", $py.kw({ value: { done: 1 } }))),
  go: method("go", {}, () => $py.call(redirect, "/next", $py.kw({ status: 303 }))),
  go_raise: method("go_raise", {}, async () => {
    throw await $py.call(redirect, "/moved", $py.kw({ status: 301 }));
  }),
  go_default: method("go_default", {}, () => $py.call(redirect, "/default")),
  go_keep: method("go_keep", {}, () => $py.call(redirect, "/keep", $py.kw({ status: 308, replace: false }))),
  go_outcome: method("go_outcome", {}, async () =>
    $py.callm(Outcome, "success", await $py.call(redirect, "/via-outcome", $py.kw({ status: 307 }))),
  ),
  bad_redirect: method("bad_redirect", {}, () => $py.call(redirect, "/x", $py.kw({ status: 200 }))),
  dispatch_error: method("dispatch_error", {}, () =>
    raise(ActionDispatchError, "Unknown job 'nope' for queue 'job_queue'.", $py.kw({ status_code: 404 })),
  ),
  boom: method("boom", {}, () => raise(B.ValueError, "kaboom")),
  missing_key: method("missing_key", {}, () => $py.getitem({}, "missing")),
  add_text: method("add_text", {}, () => $py.add("a", 1)),
  divide: method("divide", { params: ["n"] }, (self, n) => $py.truediv(1, n)),
  quota: method("quota", {}, () => raise(QuotaError, "over", 3)),
  not_json: method("not_json", {}, () => ({ kind: B.list })),
  double: method("double", { params: ["n"] }, async (self, n) => $py.callm(await $py.call(Doubler), "run", n)),
  slug: method("slug", { params: ["text"] }, (self, text) => $py.call(slugify, text)),
  admin_only: method("admin_only", {}, () => "admin"),
  profile_only: method("profile_only", {}, () => "profile"),
  member_only: method("member_only", {}, () => "member"),
  later: method("later", { params: ["n"] }, (self, n) => ({ n })),
  later_fail: method("later_fail", {}, () => raise(B.RuntimeError, "worker died")),
  later_redirect: method("later_redirect", {}, async () => {
    throw await $py.call(redirect, "/done");
  }),
  later_return_redirect: method("later_return_redirect", {}, () => $py.call(redirect, "/done")),
  later_outcome: method("later_outcome", {}, () => $py.callm(Outcome, "failure", "nope", $py.kw({ status: 409 }))),
  later_checked: method("later_checked", { params: ["n"] }, (self, n) => n),
  helper: method("helper", {}, () => "not an action"),
});

const GREET = await schema("greet", {
  name: await field(B.str, { required: true }),
  times: await field(B.int, { default: 1 }),
  loud: await field(B.bool, { default: false }),
  tags: await field(B.list, { default: B.list }),
  color: await field(B.str, { default: "red", choices: ["red", "blue"] }),
});

const INCREMENT = await schema("increment", { count: await field(B.int, { required: true }) });
await decorate(ProbeController, "increment", await actionWith({ schema: INCREMENT }));
await decorate(
  ProbeController,
  "greet",
  await actionWith({
    schema: await schema("greet_opts", {
      name: await field(B.str, { required: true }),
      times: await field(B.int, { default: 1 }),
      loud: await field(B.bool, { default: false }),
      color: await field(B.str, { default: "red", choices: ["red", "blue"] }),
    }),
  }),
);
await decorate(ProbeController, "greet_tags", await actionWith({ schema: GREET }));
const STRICT_ECHO = await schema("strict_echo", { a: await field(B.int) }, { strict: true });
await decorate(ProbeController, "strict_echo", await actionWith({ schema: STRICT_ECHO }));
for (const name of [
  "echo", "nothing", "pair", "single", "keyword", "created", "conflict", "failure_value", "go", "go_raise",
  "go_default", "go_keep", "go_outcome", "bad_redirect", "dispatch_error", "boom", "missing_key", "add_text",
  "divide", "quota", "not_json", "double", "slug",
]) {
  await decorate(ProbeController, name, action);
}
await decorate(ProbeController, "derived", await actionWith({ derive: true }));
await decorate(ProbeController, "queue_start", await actionWith({ name: "start" }));
await decorate(ProbeController, "admin_only", action, await $py.call(requires_auth, $py.kw({ roles: ["admin"] })));
await decorate(ProbeController, "profile_only", action, await $py.call(requires_auth, $py.kw({ require_active_profile: true })));
await decorate(ProbeController, "member_only", action, requires_auth);
for (const name of ["later", "later_fail", "later_redirect", "later_return_redirect", "later_outcome"]) {
  await decorate(ProbeController, name, await actionWith({ defer: true }));
}
await decorate(
  ProbeController,
  "later_checked",
  await actionWith({ defer: true, schema: await schema("later_checked", { n: await field(B.int, { required: true }) }) }),
);

// ------------------------------------------------------------------ LockedController, WidgetController

export let LockedController = class LockedController extends $py.object {};
$py.klass(LockedController, "LockedController", {
  secret: method("secret", {}, () => "secret"),
  plain: method("plain", {}, () => "plain"),
});
await decorate(LockedController, "secret", action);
LockedController = await $py.call(requires_auth, LockedController);

export class WidgetController extends $py.object {}
$py.klass(WidgetController, "WidgetController", { ping: method("ping", {}, () => "pong") });
await decorate(WidgetController, "ping", action);

// ------------------------------------------------------------------ the mock app

/**
 * The mock-side app of reference_dispatch.py: pages /probe and /locked, mount /widget, one
 * controller per surface, and the header-based test auth as request fields.
 */
export function createProbeApp({ onDeferredDone, onError } = {}) {
  const controllers = new Map();
  return {
    pages: [
      { path: "/probe", controller: ProbeController },
      { path: "/locked", controller: LockedController },
    ],
    mounts: [{ path: "/widget", component: null, boot: WidgetController }],
    async controllerFor(surface) {
      if (!controllers.has(surface)) controllers.set(surface, await $py.call(surface.controller ?? surface.boot));
      return controllers.get(surface);
    },
    auth: {
      isAuthenticated: (request) => Boolean(request.user),
      hasActiveProfile: (request) => Boolean(request.active_profile),
      authorize(request, { roles, permissions }) {
        const granted = new Set((request.roles ?? "").split(",").filter(Boolean));
        return [...(roles ?? []), ...(permissions ?? [])].every((name) => granted.has(name));
      },
    },
    onDeferredDone,
    onError,
  };
}

/** The request a test sends: what reference_dispatch.py's headers become after hydration. */
export function probeRequest({ user = null, profile = null, roles = null } = {}) {
  return { method: "POST", user, active_profile: profile, roles, session_id: "probe-session" };
}

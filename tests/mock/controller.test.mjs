// Controller: the mock (www/mock/server/controller.js) against SPRAG's real Controller,
// through tests/mock/reference_service_controller.py: construction and plain helpers,
// service/queue/job helpers (ActionDispatchError texts and statuses), socket shortcuts
// (default route, session/caller targeting) and build_events, and the auth helpers with the
// labs app's auth provider, compiled by spragc's server target (skipped when the compiler
// binary or the labs template is missing).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import * as $py from "../../www/mock/py/py.js";
import { pyfunction } from "../../www/mock/server/pyfn.js";
import { resetServer } from "../../www/mock/server/context.js";
import { Service } from "../../www/mock/server/service.js";
import { QueueService } from "../../www/mock/server/queue.js";
import { registry } from "../../www/mock/server/registry.js";
import { Controller, requestView, overridesBuildEvents, socketHandlersOf } from "../../www/mock/server/controller.js";
import { runReference } from "./server_reference.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..");
const SPRAGC = join(ROOT, "target", "release", "spragc");
const LABS = join(ROOT, ".cache", "templates", "app_labs");

let reference;
let compiledDir = null;

before(() => {
  reference = runReference("reference_service_controller.py", ["construction", "services", "sockets", "auth"]);
  if (existsSync(SPRAGC) && existsSync(LABS)) {
    compiledDir = mkdtempSync(join(tmpdir(), "spragc-labs-"));
    const run = spawnSync(SPRAGC, ["server", LABS, "--out", compiledDir, "--runtime", join(ROOT, "www", "mock")], { encoding: "utf8" });
    if (run.status !== 0) {
      console.error(run.stderr);
      compiledDir = null;
    }
  }
});

after(() => {
  resetServer();
  registry.clear();
  if (compiledDir) rmSync(compiledDir, { recursive: true, force: true });
});

const fn = (name, params, body) => pyfunction(name, { params }, body);

function defclass(Base, name, members = {}) {
  const cls = { [name]: class extends Base {} }[name];
  return $py.klass(cls, name, members);
}

async function errorText(error) {
  const exc = $py.pyerr(error);
  return `${$py.typeName(exc)}: ${await $py.str(exc)}`;
}

async function attempt(thunk) {
  try {
    const value = await thunk();
    if (value && typeof value === "object" && typeof value.as_payload === "function") return { redirect: await $py.callm(value, "as_payload") };
    return { value };
  } catch (error) {
    const exc = $py.pyerr(error);
    const out = { raised: await errorText(exc) };
    if ("status_code" in exc) out.status_code = exc.status_code;
    if (typeof exc.as_payload === "function") out.redirect = await $py.callm(exc, "as_payload");
    return out;
  }
}

function recordingSockets() {
  const sent = [];
  return {
    sent,
    emit({ event, payload, route, client_id, session_id, topic }) {
      sent.push({ event, payload, route, client_id, session_id, topic });
      return true;
    },
  };
}

const TIMES = new Set(["created_at", "updated_at"]);
function dropTimes(value) {
  return JSON.parse(JSON.stringify(value, (key, item) => (TIMES.has(key) ? (assert.equal(typeof item, "number"), "<t>") : item)));
}

// --------------------------------------------------------------------------- construction

test("Controller construction, load, redirect, schema and health match the real ones", async () => {
  resetServer({ log: () => null });
  const Plain = defclass(Controller, "Plain", { route: "/plain" });
  const Named = defclass(Controller, "Named", { name: "named-ctrl" });
  const plain = await $py.call(Plain);
  const results = {
    plain_name: plain.name,
    named_name: (await $py.call(Named)).name,
    explicit_name: (await $py.call(Plain, $py.kw({ name: "explicit" }))).name,
    bogus_kwarg: await attempt(() => $py.call(Plain, $py.kw({ bogus: 1 }))),
    positional: await attempt(() => $py.call(Plain, "x")),
    health: await $py.callm(plain, "health"),
    repr: await $py.repr(plain),
    load: await $py.callm(plain, "load"),
    request: $py.getattr(plain, "request"),
    route: $py.getattr(plain, "route"),
    base_route: Controller.route,
    redirect: await attempt(() => $py.callm(plain, "redirect", "/next")),
    redirect_permanent: await attempt(() => $py.callm(plain, "redirect", "/next", $py.kw({ status: 301 }))),
    redirect_replace: await attempt(() => $py.callm(plain, "redirect", "/next", $py.kw({ replace: true }))),
    redirect_empty: await attempt(() => $py.callm(plain, "redirect", "  ")),
    redirect_status: await attempt(() => $py.callm(plain, "redirect", "/x", $py.kw({ status: 200 }))),
    schema: await attempt(() => $py.callm(plain, "schema", "missing")),
    running: plain.running,
  };
  await $py.callm(plain, "start");
  results.started_health = await $py.callm(plain, "health");
  await $py.callm(plain, "stop");
  assert.deepEqual(results, reference.construction);
});

// --------------------------------------------------------------------------- services

test("Controller service/queue/enqueue/job_status/request_job_cancel match the real ones", async () => {
  const sockets = recordingSockets();
  resetServer({ sockets, log: () => null });
  registry.clear();
  registry.provide("socket_transport", "(the mock uses context sockets)");
  const Jobs = defclass(QueueService, "Jobs", { handle_item: fn("handle_item", ["item"], async () => null) });
  registry.provide("jobs", await $py.call(Jobs, "jobs_queue"));
  registry.provide("plain", await $py.call(Service, "plain"));
  const Queues = defclass(Controller, "Queues", { route: "/queue-demo" });
  const ctl = await $py.call(Queues);
  const request = { path: "/queue-demo", method: "POST", session_id: "sess-1" };
  const view = requestView(ctl, request);
  const results = {
    service_missing: await attempt(() => $py.callm(ctl, "service", "missing")),
    service_plain: await attempt(async () => (await $py.callm(ctl, "service", "plain")).name),
    queue_plain: await attempt(() => $py.callm(ctl, "queue", "plain")),
    queue_missing: await attempt(() => $py.callm(ctl, "queue", "missing")),
    job_status_unknown: await attempt(() => $py.callm(ctl, "job_status", "jobs", "nope")),
    cancel_unknown: await attempt(() => $py.callm(ctl, "request_job_cancel", "jobs", "nope")),
    enqueue_without_request: await attempt(() => $py.callm(ctl, "enqueue", "jobs", { n: 0 }, $py.kw({ job_id: "no-request" }))),
    enqueue: await attempt(() => $py.callm(view, "enqueue", "jobs", { n: 1 }, $py.kw({ job_id: "job-1", label: "Job One", meta: { a: 1 } }))),
    job_status: await attempt(() => $py.callm(view, "job_status", "jobs", "job-1")),
    cancel: await attempt(() => $py.callm(view, "request_job_cancel", "jobs", "job-1")),
    cancel_again: await attempt(() => $py.callm(view, "request_job_cancel", "jobs", "job-1")),
  };
  registry.clear();
  assert.deepEqual(dropTimes(results), dropTimes(reference.services.results));
  assert.deepEqual(sockets.sent, reference.services.sent);
});

// --------------------------------------------------------------------------- sockets

test("Controller socket shortcuts and build_events match the real ones", async () => {
  const sockets = recordingSockets();
  resetServer({ sockets, log: () => null });
  const handled = [];
  const Sockets = defclass(Controller, "Sockets", {
    route: "/ctl",
    build_events: fn("build_events", ["handler"], async function (handler) {
      await $py.callm(handler, "on", "lab:ping", $py.getattr(this, "on_ping"), $py.kw({ priority: 5 }));
      await $py.callm(handler, "on", "lab:other", $py.getattr(this, "on_ping"));
    }),
    on_ping: fn("on_ping", ["payload"], async (payload) => handled.push(payload)),
  });
  const ctl = await $py.call(Sockets);
  const call = (target, name, ...args) => attempt(() => $py.callm(target, name, ...args));
  const results = {
    emit: await call(ctl, "emit_socket", "app:x", 1),
    refetch: await call(ctl, "emit_socket_refetch", "status"),
    refetch_route: await call(ctl, "emit_socket_refetch", "status", { a: 1 }, $py.kw({ route: "/else", topic: "t" })),
    to_session_no_request: await call(ctl, "emit_to_session", "app:s"),
    to_caller_no_request: await call(ctl, "emit_to_caller", "app:c"),
    refetch_session_no_request: await call(ctl, "refetch_session", "status"),
  };
  const plain = requestView(ctl, { path: "/ctl", method: "POST", session_id: "s1", headers: {} });
  const socket = requestView(ctl, { path: "/ctl", method: "SOCKET", session_id: "s2", headers: { "X-SPRAG-Socket-Id": "sprag-socket-7" } });
  results.to_session = await call(plain, "emit_to_session", "app:s", { a: 1 }, $py.kw({ topic: "t" }));
  results.to_caller_session = await call(plain, "emit_to_caller", "app:c", 2);
  results.refetch_session = await call(plain, "refetch_session", "status", { a: 1 });
  results.refetch_session_event = await call(plain, "refetch_session", "status", $py.kw({ event: "app:re" }));
  results.to_caller_socket = await call(socket, "emit_to_caller", "app:c", 3);
  const handler = await $py.callm(ctl, "create_handler");
  results.handler_events = handler._events.map(([event, , priority]) => [event, priority]);
  results.handler_same = (await $py.callm(ctl, "create_handler")) === handler;
  for (const { event, callback } of await socketHandlersOf(ctl)) await $py.call(callback, { event });
  results.handled = handled;
  await $py.callm(ctl, "start");
  results.health_with_handler = await $py.callm(ctl, "health");
  await $py.callm(ctl, "stop");
  results.health_after_stop = await $py.callm(ctl, "health");

  assert.deepEqual(results, reference.sockets.results);
  assert.deepEqual(sockets.sent, reference.sockets.sent);
  assert.equal(overridesBuildEvents(Sockets), true);
  assert.equal(overridesBuildEvents(defclass(Controller, "Quiet")), false);
});

test("requestView: self.request is per call, never stored; getattr and hasattr see it", async () => {
  resetServer({ log: () => null });
  const Req = defclass($py.object, "Request");
  const Reader = defclass(Controller, "Reader", {
    who: fn("who", ["delay"], async function (delay) {
      const self = this;
      await new Promise((resolve) => setTimeout(resolve, delay));
      return $py.getattr($py.getattr(self, "request"), "session_id");
    }),
  });
  const ctl = await $py.call(Reader);
  const a = requestView(ctl, Object.assign(new Req(), { session_id: "a" }));
  const b = requestView(ctl, Object.assign(new Req(), { session_id: "b" }));
  assert.deepEqual(await Promise.all([$py.callm(a, "who", 20), $py.callm(b, "who", 5)]), ["a", "b"]);
  assert.equal(ctl.request, null);
  assert.equal($py.getattr(ctl, "request"), null);
  assert.equal($py.hasattr(a, "request"), true);
  a.counter = 1;
  assert.equal(ctl.counter, 1, "writes through the view reach the controller");
  ctl.request = "manual";
  assert.equal(ctl.request, "manual", "the manual override of a controller made by hand");
  assert.equal(a.request.session_id, "a");
});

// --------------------------------------------------------------------------- auth

/** A stand-in for SPRAG's RequestSession (sprag/runtime/session.py), for this test only. */
class TestSession extends $py.object {}
let sessionCounter = 0;
const newSessionId = () => `sid-${++sessionCounter}`;
$py.klass(TestSession, "RequestSession", {
  __init__: fn("__init__", ["session_id", "data", "request"], async function (sessionId, data, request) {
    this.id = sessionId;
    this._data = { ...data };
    this._request = request;
    request.session = this;
    request.session_id = sessionId;
  }),
  get: pyfunction("get", { params: ["key", "default"], defaults: { default: null } }, async function (key, fallback) {
    return key in this._data ? this._data[key] : fallback;
  }),
  set: fn("set", ["key", "value"], async function (key, value) {
    this._data[key] = value;
    return value;
  }),
  patch: fn("patch", ["values"], async function (values) {
    Object.assign(this._data, values ?? {});
    return this;
  }),
  delete: fn("delete", ["key"], async function (key) {
    const value = key in this._data ? this._data[key] : null;
    delete this._data[key];
    return value;
  }),
  clear: fn("clear", [], async function () {
    this._data = {};
    return this;
  }),
  snapshot: fn("snapshot", [], async function () {
    return { ...this._data };
  }),
  rotate: fn("rotate", [], async function () {
    this.id = newSessionId();
    this._request.session_id = this.id;
    return this.id;
  }),
  invalidate: fn("invalidate", [], async function () {
    this.id = newSessionId();
    this._data = {};
    this._request.session_id = this.id;
    return this.id;
  }),
});

class TestRequest extends $py.object {}
$py.klass(TestRequest, "Request");

async function makeRequest(fields, auth) {
  const request = Object.assign(new TestRequest(), { params: {}, query: {}, headers: {}, user: null, active_profile: null }, fields);
  await $py.call(TestSession, newSessionId(), {}, request);
  return hydrateWith(auth)(request);
}

/** What SPRAG's hydrate_request does for an already-bound request: reload user and profile. */
function hydrateWith(auth) {
  return async (request) => {
    request.user = await $py.callm(auth, "load_user", request.session, request);
    request.active_profile = await $py.callm(auth, "load_active_profile", request.user, request.session, request);
    return request;
  };
}

async function sessionView(request) {
  const snapshot = await $py.callm(request.session, "snapshot");
  const meta = snapshot.__sprag_session__;
  if ($py.isdict(meta)) {
    const copy = { ...meta };
    for (const key of ["created_at", "last_seen"]) {
      if (key in copy) {
        assert.ok(Number.isInteger(copy[key]));
        copy[key] = "<ts>";
      }
    }
    snapshot.__sprag_session__ = copy;
  }
  return snapshot;
}

test("Controller login / set_active_profile / require_auth / logout match the real ones (labs auth provider)", async (t) => {
  if (!compiledDir) {
    t.skip("spragc or the labs template is missing");
    return;
  }
  const { LabsAuthService } = await import(pathToFileURL(join(compiledDir, "app", "services", "auth.js")).href);
  const auth = await $py.call(LabsAuthService);
  const steps = [];
  const Protected = defclass(Controller, "Protected", { route: "/protected" });
  resetServer({ log: () => null, auth, hydrateRequest: hydrateWith(auth) });
  const ctl = await $py.call(Protected);

  async function step(label, thunk, request) {
    const before = request.session_id;
    const result = await attempt(thunk);
    const user = request.user;
    steps.push({
      step: label,
      result,
      rotated: request.session_id !== before,
      session_id_matches: request.session.id === request.session_id,
      session: await sessionView(request),
      user: $py.isdict(user) ? user.id : user,
      active_profile: request.active_profile,
    });
  }
  const id = async (value) => (await value).id;

  const request = await makeRequest({ path: "/protected", method: "GET", query: { a: "1", b: ["x y", "z"] } }, auth);
  const post = await makeRequest({ path: "/protected", method: "POST" }, auth);
  const view = requestView(ctl, request);
  const postView = requestView(ctl, post);
  await step("anonymous require_auth", () => $py.callm(view, "require_auth"), request);
  await step("anonymous require_auth custom", () => $py.callm(view, "require_auth", $py.kw({ redirect_to: "/signin?x=1#frag", next_param: "to" })), request);
  await step("anonymous POST require_auth", () => $py.callm(postView, "require_auth"), post);
  const user = await $py.callm(auth, "authenticate", "ada", "analytical-engine");
  await step("login", () => id($py.callm(view, "login", user)), request);
  await step("require profile", () => $py.callm(view, "require_auth", $py.kw({ require_active_profile: true })), request);
  await step("set profile owner", () => $py.callm(view, "set_active_profile", "owner"), request);
  await step("roles owner", () => id($py.callm(view, "require_auth", $py.kw({ roles: ["owner"] }))), request);
  await step("roles auditor", () => $py.callm(view, "require_auth", $py.kw({ roles: "auditor" })), request);
  await step("permission", () => id($py.callm(view, "require_auth", $py.kw({ permissions: Object.freeze(["reports:publish"]), roles: null }))), request);
  await step("bad roles", () => $py.callm(view, "require_auth", $py.kw({ roles: 5 })), request);
  await step("set profile unknown", () => $py.callm(view, "set_active_profile", "nope"), request);
  await step(
    "login with profile",
    () => id($py.callm(view, "login", user, $py.kw({ viewer: { name: "V" }, active_profile: "auditor", extra_session: { k: 1 }, remember: true }))),
    request,
  );
  await step("logout", () => $py.callm(view, "logout"), request);
  await step("after logout", () => $py.callm(view, "require_auth"), request);

  resetServer({ log: () => null });
  const anonymousAuth = (await import("../../www/mock/server/controller.js")).resolveAuthService();
  resetServer({ log: () => null, hydrateRequest: hydrateWith(anonymousAuth) });
  const anonymous = await makeRequest({ path: "/protected", method: "POST" }, anonymousAuth);
  const anonymousView = requestView(ctl, anonymous);
  await step("anonymous provider login", () => $py.callm(anonymousView, "login", { id: "u" }), anonymous);
  await step("anonymous provider set profile", () => $py.callm(anonymousView, "set_active_profile", "x"), anonymous);
  await step("anonymous provider require roles", () => $py.callm(anonymousView, "require_auth"), anonymous);

  // Tuples (the profile's roles) print as lists on both sides.
  assert.deepEqual(JSON.parse(JSON.stringify(steps)), reference.auth.steps);
});

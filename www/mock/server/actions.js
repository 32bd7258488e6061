// Controller actions: the @action and @requires_auth decorators, the action table of a
// controller class, and the dispatcher behind POST /__sprag__/actions. It follows
// sprag.runtime.server.dispatch_controller_action and the WSGI handler around it: the same
// checks in the same order, the same HTTP statuses, the same JSON bodies and texts.
//
// The dispatcher talks to the rest of the mock through a small `app` object:
//   app.pages                  [{path, ...}] routes with a controller (patterns as in page(path=))
//   app.mounts                 [{path, boot, ...}] client mounts (optional; matched exactly)
//   app.controllerFor(surface, kind, request)  the one controller instance of a page or
//                              mount (kind "page" | "mount"; may be async), or its view for
//                              `request` (whose `self.request` is that request)
//   app.auth                   optional {isAuthenticated(request), hasActiveProfile(request),
//                              authorize(request, {roles, permissions})}; the default reads
//                              request.user / request.active_profile and, like SPRAG's
//                              AnonymousAuthService, allows only requirements without roles
//                              or permissions
//   app.withRequest(request, fn)  optional: runs fn with `request` as the controllers'
//                              self.request (SPRAG's controller_context)
//   app.onDeferredDone(payload, {event, session_id, route})  optional: where a deferred
//                              action's sprag:action.resolved / .failed signal goes
//   app.devReload              500 bodies carry `traceback` (sprag dev does this)
//   app.onError(error)         optional: where errors that crash the request handler go
//                              (the server's log; console.error by default)
// A response is {status, contentType, body, text}: `body` the JSON object and `text` its
// bytes as the server writes them, or a text/plain 500 when the server would crash.

import * as $py from "../py/py.js";
import { NotSerializableError, compareCodePoints, dumps } from "./pyjson.js";
import { ActionDispatchError, Outcome, Redirect, dispatchError, redirectPayload } from "./outcome.js";
import { matchPageRoute } from "./routing.js";
import { Field, Schema } from "./schema.js";
import { pyfunction, repr, str, tuple, typeName } from "./pyfn.js";

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";

// ------------------------------------------------------------------------- @action

/** `@action` / `@action(schema=None, name=None, defer=False, derive=False)` on a method. */
export const action = pyfunction(
  "action",
  {
    params: ["fn"],
    defaults: { fn: null },
    kwonly: ["schema", "name", "defer", "derive"],
    kwdefaults: { schema: null, name: null, defer: false, derive: false },
  },
  async (fn, schema, name, defer, derive) => {
    const options = { schema, name, defer, derive };
    const decorator = pyfunction("decorator", { params: ["method"] }, (method) => markAction(method, options));
    return fn !== null ? decorator(fn) : decorator;
  },
);

async function markAction(method, { schema, name, defer, derive }) {
  const publicName = $py.truthy(name) ? name : pythonName(method);
  let resolved = schema;
  if (resolved === null && $py.truthy(derive)) resolved = await deriveSchema(publicName, method);
  method._sprag_action = true;
  method._sprag_action_meta = { name: publicName, schema: resolved, defer: $py.truthy(defer) };
  return method;
}

/**
 * derive=True: a Schema from the signature. Each parameter (self excluded, *args and **kw
 * included, as inspect.signature lists them) gives a field of its annotation's type, or
 * str: required when it has no default, the default otherwise. A Field default is used as is.
 */
async function deriveSchema(actionName, method) {
  const sig = method.__sig__;
  if (!sig) throw new $py.TypeError(`@action(derive=True) needs the signature of ${pythonName(method)}() (__sig__)`);
  const fields = {};
  for (const param of signatureParameters(sig)) {
    if (param.hasDefault && param.default instanceof Field) {
      fields[param.name] = param.default;
      continue;
    }
    const type = sig.annotations?.[param.name] ?? $py.builtins.str;
    const options = { required: !param.hasDefault, default: param.hasDefault ? param.default : null };
    fields[param.name] = await $py.call(Field, type, $py.kw(options));
  }
  return $py.call(Schema, actionName, fields);
}

/** The public name → method table of a controller class (SPRAG's sprag_actions()). */
export function collectActions(controllerClass) {
  const actions = new Map();
  for (const attribute of classAttributeNames(controllerClass)) {
    const value = classAttribute(controllerClass, attribute);
    if (typeof value === "function" && value._sprag_action) {
      actions.set(value._sprag_action_meta?.name ?? attribute, value);
    }
  }
  return actions;
}

/** The sorted public action names (the page payload's `page.actions`). */
export function actionNames(controllerClass) {
  return [...collectActions(controllerClass).keys()].sort(compareCodePoints);
}

/** dir(cls): every attribute name of the class and its bases, sorted. */
function classAttributeNames(cls) {
  const names = new Set();
  for (const holder of [...chain(cls, Function.prototype), ...chain(cls.prototype, Object.prototype)]) {
    for (const key of Object.getOwnPropertyNames(holder)) names.add(key);
  }
  return [...names].sort(compareCodePoints);
}

function chain(start, stop) {
  const holders = [];
  for (let o = start; o && o !== stop; o = Object.getPrototypeOf(o)) holders.push(o);
  return holders;
}

/** getattr(cls, name) without running getters meant for instances. */
function classAttribute(cls, name) {
  for (const holder of [...chain(cls, Function.prototype), ...chain(cls.prototype, Object.prototype)]) {
    const descriptor = Object.getOwnPropertyDescriptor(holder, name);
    if (descriptor) return descriptor.value;
  }
  return undefined;
}

function pythonName(fn) {
  return fn.__name__ ?? fn.name;
}

// ------------------------------------------------------------------------- @requires_auth

/**
 * `@requires_auth` / `@requires_auth(roles=, permissions=, require_active_profile=,
 * redirect_to="/login", next_param="next")` on a controller class, load() or an action.
 */
export const requires_auth = pyfunction(
  "requires_auth",
  {
    params: ["target"],
    defaults: { target: null },
    kwonly: ["roles", "permissions", "require_active_profile", "redirect_to", "next_param"],
    kwdefaults: {
      roles: null,
      permissions: null,
      require_active_profile: false,
      redirect_to: "/login",
      next_param: "next",
    },
  },
  async (target, roles, permissions, requireActiveProfile, redirectTo, nextParam) => {
    const requirement = Object.freeze({
      roles: await normalizeAuthValues(roles, "roles"),
      permissions: await normalizeAuthValues(permissions, "permissions"),
      require_active_profile: $py.truthy(requireActiveProfile),
      redirect_to: $py.truthy(redirectTo) ? await str(redirectTo) : "/login",
      next_param: $py.truthy(nextParam) ? await str(nextParam) : "next",
    });
    const decorator = pyfunction("decorator", { params: ["subject"] }, (subject) => {
      subject._sprag_auth_requirement = requirement;
      return subject;
    });
    return target !== null ? decorator(target) : decorator;
  },
);

async function normalizeAuthValues(values, label) {
  if (values === null) return null;
  let normalized;
  if (typeof values === "string") {
    normalized = [await $py.callm(values, "strip")];
  } else {
    let items;
    try {
      items = [...$py.iter(values)];
    } catch {
      throw new $py.TypeError(`requires_auth(..., ${label}=...) expects a string or iterable of strings.`);
    }
    normalized = [];
    for (const item of items) normalized.push(await $py.callm(await str(item), "strip"));
  }
  const cleaned = normalized.filter((value) => value);
  return cleaned.length > 0 ? tuple(cleaned) : null;
}

/** The @requires_auth that guards `methodName`: the method's own, else the class's. */
export function authRequirement(controllerClass, methodName) {
  const method = classAttribute(controllerClass, methodName);
  if (method?._sprag_auth_requirement) return method._sprag_auth_requirement;
  const classRequirement = controllerClass._sprag_auth_requirement ?? null;
  if (classRequirement === null) return null;
  if (methodName === "load") return classRequirement;
  const actions = [...collectActions(controllerClass).values()];
  return actions.some((fn) => pythonName(fn) === methodName) ? classRequirement : null;
}

/** Why `request` fails `requirement`: {status, message} (401 / 403), or null when it passes. */
export async function authFailure(requirement, request, auth = null) {
  const checks = { ...DEFAULT_AUTH, ...(auth ?? {}) };
  if (!(await checks.isAuthenticated(request))) return { status: 401, message: "Authentication required." };
  if (requirement.require_active_profile && !(await checks.hasActiveProfile(request))) {
    return { status: 403, message: "Active profile required." };
  }
  if (requirement.roles || requirement.permissions) {
    const allowed = await checks.authorize(request, { roles: requirement.roles, permissions: requirement.permissions });
    if (!$py.truthy(allowed)) return { status: 403, message: "Forbidden." };
  }
  return null;
}

const DEFAULT_AUTH = {
  isAuthenticated: (request) => request?.user !== null && request?.user !== undefined,
  hasActiveProfile: (request) => request?.active_profile !== null && request?.active_profile !== undefined,
  authorize: (_request, { roles, permissions }) => !roles && !permissions,
};

// ------------------------------------------------------------------------- payload binding

/** The parameters of a contract signature in inspect.signature order. */
function signatureParameters(sig) {
  const parameters = [];
  const withDefault = (name, kind, defaults) => {
    const hasDefault = Object.prototype.hasOwnProperty.call(defaults ?? {}, name);
    return { name, kind, hasDefault, default: hasDefault ? defaults[name] : undefined };
  };
  for (const name of sig.params ?? []) parameters.push(withDefault(name, "positional", sig.defaults));
  if (sig.varargs) parameters.push({ name: sig.varargs, kind: "varargs", hasDefault: false });
  for (const name of sig.kwonly ?? []) parameters.push(withDefault(name, "kwonly", sig.kwdefaults));
  if (sig.varkw) parameters.push({ name: sig.varkw, kind: "varkw", hasDefault: false });
  return parameters;
}

/**
 * inspect.Signature.bind(*args, **kwargs) as a check: raises Python's TypeError with the
 * same message when the arguments do not fit `sig`.
 */
export function checkBinding(sig, args, kwargs) {
  const parameters = signatureParameters(sig);
  const remaining = new Map(Object.entries(kwargs));
  const fail = (message) => {
    throw new $py.TypeError(message);
  };
  let next = 0;
  let keywordStart = parameters.length;

  for (let argIndex = 0; ; argIndex++) {
    if (argIndex >= args.length) {
      if (next >= parameters.length) break;
      const param = parameters[next++];
      if (param.kind === "varargs") {
        keywordStart = next;
        break;
      }
      if (remaining.has(param.name) || param.kind === "varkw" || param.hasDefault) {
        keywordStart = next - 1;
        break;
      }
      fail(`missing a required argument: '${param.name}'`);
    }
    if (next >= parameters.length) fail("too many positional arguments");
    const param = parameters[next++];
    if (param.kind === "varkw" || param.kind === "kwonly") fail("too many positional arguments");
    if (param.kind === "varargs") {
      keywordStart = next;
      break;
    }
    if (remaining.has(param.name)) fail(`multiple values for argument '${param.name}'`);
  }

  let acceptsExtra = false;
  for (const param of parameters.slice(keywordStart)) {
    if (param.kind === "varkw") acceptsExtra = true;
    else if (param.kind === "varargs") continue;
    else if (remaining.has(param.name)) remaining.delete(param.name);
    else if (!param.hasDefault) fail(`missing a required argument: '${param.name}'`);
  }
  if (remaining.size > 0 && !acceptsExtra) {
    fail(`got an unexpected keyword argument '${remaining.keys().next().value}'`);
  }
}

/** How a payload becomes call arguments: dict → keywords, list → positional, null → none. */
function payloadArguments(payload) {
  if (payload === null || payload === undefined) return { args: [], kwargs: {} };
  if ($py.isdict(payload)) return { args: [], kwargs: payload };
  if (Array.isArray(payload)) return { args: [...payload], kwargs: {} };
  return { args: [payload], kwargs: {} };
}

// ------------------------------------------------------------------------- dispatch

/** POST /__sprag__/actions with the raw request body text. */
export async function dispatchRequest(app, rawBody, request = {}) {
  let body;
  try {
    body = JSON.parse(rawBody ? rawBody : "{}");
  } catch {
    return jsonResponse(app, 400, { ok: false, error: "Invalid JSON request body." });
  }
  if (!$py.isdict(body)) {
    return crashed(app, new $py.AttributeError(`'${typeName(body)}' object has no attribute 'get'`));
  }
  const [route, actionName, payload] = ["route", "action", "payload"].map((key) => ownValue(body, key));
  return dispatch(app, { route, action: actionName, payload }, request);
}

/** One action request {route, action, payload} → the HTTP response the server sends. */
export async function dispatch(app, { route = null, action: actionName = null, payload = null }, request = {}) {
  request.path = $py.truthy(route) ? route : "/";
  let result;
  try {
    result = await dispatchControllerAction(app, route, actionName, payload, request);
  } catch (caught) {
    if (caught instanceof ActionDispatchError) return errorResponse(app, route, actionName, caught);
    return crashed(app, caught);
  }
  return jsonResponse(app, 200, {
    ok: result.ok,
    route,
    action: actionName,
    value: result.value,
    error: result.error,
    status: result.status,
    redirect: result.redirect ? redirectPayload(result.redirect) : null,
  });
}

/** SPRAG's dispatch_controller_action: {ok, value, error, status, redirect}, or raises. */
async function dispatchControllerAction(app, route, actionName, payload, request) {
  if (!$py.truthy(route)) throw dispatchError("Missing SPRAG route path.", 400);
  if (!$py.truthy(actionName)) throw dispatchError("Missing SPRAG action name.", 400);

  const controller = await resolveSurfaceController(app, route, request);
  const controllerClass = controller.constructor;
  if (Array.isArray(actionName) || $py.isdict(actionName)) {
    throw new $py.TypeError(`unhashable type: '${typeName(actionName)}'`);
  }
  const method = collectActions(controllerClass).get(actionName);
  if (method === undefined) {
    throw dispatchError(`Unknown action ${await repr(actionName)} for route ${await repr(route)}.`, 404);
  }
  const methodName = pythonName(method);
  const boundAction = await $py.getattr(controller, methodName);
  await withRequest(app, request, () => authorize(app, controllerClass, methodName, request));

  const meta = method._sprag_action_meta ?? {};
  if (meta.schema && $py.isdict(payload)) {
    const outcome = await meta.schema.validate(payload);
    if (!outcome.ok) {
      throw dispatchError(`Validation failed for action ${await repr(actionName)}: ${outcome.error}`, 400);
    }
    payload = outcome.value;
  }

  const { args, kwargs } = payloadArguments(payload);
  if (method.__sig__) {
    try {
      checkBinding(method.__sig__, args, kwargs);
    } catch (caught) {
      const message = await str($py.pyerr(caught));
      throw dispatchError(`Invalid payload for action ${await repr(actionName)}: ${message}`, 400);
    }
  }
  const keywords = Object.keys(kwargs).length > 0 ? [$py.kw(kwargs)] : [];
  const call = () => $py.call(boundAction, ...args, ...keywords);

  if (meta.defer) return spawnDeferredAction(app, call, actionName, request);

  let result;
  try {
    result = await withRequest(app, request, call);
  } catch (caught) {
    const exc = $py.pyerr(caught);
    if (exc instanceof Redirect) return redirectResult(exc);
    if (exc instanceof ActionDispatchError) throw exc;
    if (isMockLimit(exc)) throw dispatchError(await str(exc), 501);
    throw dispatchError(await exceptionText(exc), 500, exc.stack ?? null);
  }
  return coerceActionResult(result);
}

/** The controller of the page matching `route` (pages first), else of the mount at `route`. */
/** (The request is passed on, so `controllerFor` may answer with a per-request view.) */
async function resolveSurfaceController(app, route, request) {
  const matched = await matchPageRoute(app.pages ?? [], route);
  if (matched !== null) return app.controllerFor(matched.page, "page", request);
  for (const mount of app.mounts ?? []) {
    if (mount.path === route && mount.boot) return app.controllerFor(mount, "mount", request);
  }
  throw dispatchError(`Unknown route ${await repr(route)}.`, 404);
}

async function authorize(app, controllerClass, methodName, request) {
  const requirement = authRequirement(controllerClass, methodName);
  if (requirement === null) return;
  const failure = await authFailure(requirement, request, app.auth);
  if (failure !== null) throw dispatchError(failure.message, failure.status);
}

/** What an action returned → {ok, value, error, status, redirect}. */
function coerceActionResult(result) {
  if (result instanceof Redirect) return redirectResult(result);
  if (result instanceof Outcome) {
    const redirect = result.value instanceof Redirect ? result.value : null;
    return {
      ok: result.ok,
      value: redirect ? null : result.value,
      error: result.error,
      status: redirect ? redirect.status : result.status,
      redirect,
    };
  }
  return { ok: true, value: result, error: null, status: 200, redirect: null };
}

function redirectResult(redirect) {
  return { ok: true, value: null, error: null, status: redirect.status, redirect };
}

/**
 * A feature the mock cannot provide (ManagedProcess, UploadedFile.save, ...): the runtime raises
 * NotImplementedError("[SPRAG mock] <feature> needs a real SPRAG server ..."), answered with
 * HTTP 501 and that message, so the demo's own error display names the feature.
 */
function isMockLimit(exc) {
  return exc instanceof $py.NotImplementedError && String(exc.args?.[0] ?? "").startsWith("[SPRAG mock]");
}

/** "<ExcClass>: <message>", how the server reports an exception. */
async function exceptionText(exc) {
  return `${typeName(exc)}: ${await str(exc)}`;
}

function withRequest(app, request, fn) {
  return app.withRequest ? app.withRequest(request, fn) : fn();
}

// ------------------------------------------------------------------------- deferred actions

/** defer=True: answer 202 at once, run the action in the background, then signal the result. */
function spawnDeferredAction(app, call, actionName, request) {
  const taskId = `deferred-${randomHex(12)}`;
  const target = { session_id: request.session_id ?? null, route: $py.truthy(request.path) ? request.path : "/" };
  const signal = (event, payload) => app.onDeferredDone?.(payload, { event, ...target });
  runDeferred(app, call, request, actionName, taskId, signal).catch((error) => reportError(app, error));
  return { ok: true, value: { deferred: true, task_id: taskId }, error: null, status: 202, redirect: null };
}

async function runDeferred(app, call, request, actionName, taskId, signal) {
  let result;
  try {
    result = await withRequest(app, request, call);
  } catch (caught) {
    const exc = $py.pyerr(caught);
    if (exc instanceof Redirect) {
      const payload = { action: actionName, task_id: taskId, ok: true, value: null, redirect: redirectPayload(exc) };
      return signal("sprag:action.resolved", payload);
    }
    const payload = { action: actionName, task_id: taskId, ok: false, error: await exceptionText(exc) };
    return signal("sprag:action.failed", payload);
  }
  const coerced = coerceActionResult(result);
  const payload = { action: actionName, task_id: taskId, ok: coerced.ok, value: coerced.value, error: coerced.error };
  return signal("sprag:action.resolved", payload);
}

function randomHex(length) {
  const bytes = crypto.getRandomValues(new Uint8Array(Math.ceil(length / 2)));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("").slice(0, length);
}

// ------------------------------------------------------------------------- responses

/** The response body bytes: Python's json.dumps(body, sort_keys=True). */
export function encodeBody(body) {
  return dumps(body, { sortKeys: true });
}

function jsonResponse(app, status, body) {
  let text;
  try {
    text = encodeBody(body);
  } catch (error) {
    if (error instanceof NotSerializableError) return crashed(app, new $py.TypeError(error.message));
    throw error;
  }
  return { status, contentType: JSON_CONTENT_TYPE, body, text };
}

async function errorResponse(app, route, actionName, exc) {
  const body = { ok: false, route, action: actionName, error: await str(exc) };
  if (exc.traceback_text && app.devReload) body.traceback = exc.traceback_text;
  return jsonResponse(app, exc.status_code, body);
}

/** What the server answers when the request handler itself raises (gevent's pywsgi). */
function crashed(app, error) {
  reportError(app, error);
  return { status: 500, contentType: "text/plain", body: null, text: "Internal Server Error" };
}

function reportError(app, error) {
  if (app.onError) app.onError(error);
  else console.error("[SPRAG mock] action request failed:", error);
}

function ownValue(dict, key) {
  return Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : null;
}

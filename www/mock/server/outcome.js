// Result and control-flow values of server code: Specter's Outcome, Operation,
// OperationError and HTTPError, SPRAG's Redirect / redirect() and ActionDispatchError, and slugify().
// All are Python classes and functions of the calling contract (www/mock/README.md).

import * as $py from "../py/py.js";
import { pyfunction, str, tuple } from "./pyfn.js";

// ------------------------------------------------------------------------- Outcome

/** Specter's frozen dataclass `Outcome(ok, value=None, error=None, status=200, meta={})`. */
export class Outcome extends $py.object {}

/** A new Outcome from JavaScript: `makeOutcome({ok: true, value})`. */
export function makeOutcome({ ok, value = null, error = null, status = 200, meta = {} }, cls = Outcome) {
  const outcome = new cls();
  Object.assign(outcome, { ok, value, error, status, meta });
  return outcome;
}

/** `cls` of a classmethod called on the class or on an instance. */
function classOf(self) {
  return typeof self === "function" ? self : self?.constructor ?? Outcome;
}

$py.klass(Outcome, "Outcome", {
  __init__: pyfunction(
    "__init__",
    {
      params: ["ok", "value", "error", "status", "meta"],
      defaults: { value: null, error: null, status: 200, meta: undefined }, // meta: a new {} each time
    },
    function (ok, value, error, status, meta) {
      Object.assign(this, { ok, value, error, status, meta: meta === undefined ? {} : meta });
    },
  ),
  /** `Outcome.success(value=None, *, status=200, **meta)` */
  success: pyfunction(
    "success",
    { params: ["value"], defaults: { value: null }, kwonly: ["status"], kwdefaults: { status: 200 }, varkw: "meta" },
    function (value, status, meta) {
      return makeOutcome({ ok: true, value, error: null, status, meta: { ...meta } }, classOf(this));
    },
  ),
  /** `Outcome.failure(error, *, status=400, value=None, **meta)`; error becomes str(error). */
  failure: pyfunction(
    "failure",
    { params: ["error"], kwonly: ["status", "value"], kwdefaults: { status: 400, value: null }, varkw: "meta" },
    async function (error, status, value, meta) {
      return makeOutcome({ ok: false, value, error: await str(error), status, meta: { ...meta } }, classOf(this));
    },
  ),
  unwrap: pyfunction("unwrap", {}, function () {
    if (!this.ok) throw new $py.RuntimeError(this.error || "Outcome is not successful");
    return this.value;
  }),
  to_dict: pyfunction("to_dict", {}, function () {
    const payload = { ...this.meta, ok: this.ok, status: this.status };
    if (!this.ok) payload.error = this.error;
    payload.value = this.value;
    return payload;
  }),
  to_tuple: pyfunction("to_tuple", {}, function () {
    return tuple([this.ok, this.value, this.error]);
  }),
  __eq__: pyfunction("__eq__", { params: ["other"] }, async function (other) {
    if (!(other instanceof Outcome) || other.constructor !== this.constructor) return false;
    const fields = (o) => [o.ok, o.value, o.error, o.status, o.meta];
    return $py.eq(fields(this), fields(other));
  }),
  __repr__: pyfunction("__repr__", {}, async function () {
    const parts = [];
    for (const key of ["ok", "value", "error", "status", "meta"]) parts.push(`${key}=${await $py.repr(this[key])}`);
    return `${this.constructor.__name__}(${parts.join(", ")})`;
  }),
});

// ------------------------------------------------------------------------- Operation

/** `OperationError(message, *, status=400, meta=None)`: a typed Operation failure. */
export class OperationError extends $py.Exception {}

$py.klass(OperationError, "OperationError", {
  __init__: pyfunction(
    "__init__",
    { params: ["message"], kwonly: ["status", "meta"], kwdefaults: { status: 400, meta: null } },
    async function (message, status, meta) {
      this.args = tuple([message]);
      this.message = await str(message);
      this.status = status;
      this.meta = { ...(meta ?? {}) };
    },
  ),
});

/** Specter's Operation: subclasses override validate() and perform(); run() never raises. */
export class Operation extends $py.object {}

$py.klass(Operation, "Operation", {
  name: "operation",
  __init__: pyfunction(
    "__init__",
    { kwonly: ["logger_instance"], kwdefaults: { logger_instance: null } },
    function (loggerInstance) {
      this.logger = loggerInstance ?? console;
    },
  ),
  validate: pyfunction("validate", { varargs: "args", varkw: "kwargs" }, function () {
    return null;
  }),
  perform: pyfunction("perform", { varargs: "args", varkw: "kwargs" }, function () {
    throw new $py.NotImplementedError(`${this.constructor.__name__}.perform() must be implemented`);
  }),
  /** Runs validate() then perform() with the same arguments; always returns an Outcome. */
  run: pyfunction("run", { varargs: "args", varkw: "kwargs" }, async function (args, kwargs) {
    try {
      await $py.callm(this, "validate", ...args, $py.kw(kwargs));
      const result = await $py.callm(this, "perform", ...args, $py.kw(kwargs));
      if (result instanceof Outcome) return result;
      return makeOutcome({ ok: true, value: result });
    } catch (caught) {
      return failureOf($py.pyerr(caught), this);
    }
  }),
  success: pyfunction(
    "success",
    { params: ["value"], defaults: { value: null }, kwonly: ["status"], kwdefaults: { status: 200 }, varkw: "meta" },
    function (value, status, meta) {
      return makeOutcome({ ok: true, value, status, meta: { ...meta } });
    },
  ),
  failure: pyfunction(
    "failure",
    { params: ["error"], kwonly: ["status"], kwdefaults: { status: 400 }, varkw: "meta" },
    async function (error, status, meta) {
      return makeOutcome({ ok: false, error: await str(error), status, meta: { ...meta } });
    },
  ),
});

/** The failure Outcome Operation.run() turns an exception into (and logs the unexpected). */
async function failureOf(exc, operation) {
  if (exc instanceof OperationError) {
    return makeOutcome({ ok: false, error: exc.message, status: exc.status, meta: { ...exc.meta } });
  }
  const message = await str(exc);
  operation.logger?.error?.(`[SPECTER:operation] ${operation.constructor.__name__} failed: ${message}`);
  return makeOutcome({ ok: false, error: message, status: 500 });
}

// ------------------------------------------------------------------------- Redirect

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** SPRAG's `Redirect(location, *, status=302, replace=None)`, returned or raised. */
export class Redirect extends $py.Exception {}

$py.klass(Redirect, "Redirect", {
  __init__: pyfunction(
    "__init__",
    { params: ["location"], kwonly: ["status", "replace"], kwdefaults: { status: 302, replace: null } },
    async function (location, status, replace) {
      if (typeof location !== "string" || !(await $py.callm(location, "strip"))) {
        throw new $py.ValueError("redirect(location, ...) requires a non-empty string location.");
      }
      if (!isRedirectStatus(status)) {
        throw new $py.ValueError("redirect(status=...) must be one of 301, 302, 303, 307, or 308.");
      }
      if (replace !== null && typeof replace !== "boolean") {
        throw new $py.ValueError("redirect(replace=...) must be True, False, or None.");
      }
      this.args = tuple([location]);
      this.location = location;
      this.status = Math.trunc(Number(status));
      this.replace = replace;
    },
  ),
  /** What the browser payload carries: {location, status, replace}. */
  as_payload: pyfunction("as_payload", {}, function () {
    return redirectPayload(this);
  }),
});

Object.defineProperty(Redirect.prototype, "browser_replace", {
  /** `replace` when given, else true only for the permanent statuses 301 and 308. */
  get() {
    return this.replace ?? (this.status === 301 || this.status === 308);
  },
});

function isRedirectStatus(status) {
  return REDIRECT_STATUSES.has(status);
}

/** `{location, status, replace}` of a Redirect, as the action response carries it. */
export function redirectPayload(redirect) {
  return { location: redirect.location, status: redirect.status, replace: redirect.browser_replace };
}

/** `redirect(location, *, status=302, replace=None)` → a Redirect to return or raise. */
export const redirect = pyfunction(
  "redirect",
  { params: ["location"], kwonly: ["status", "replace"], kwdefaults: { status: 302, replace: null } },
  async (location, status, replace) => $py.call(Redirect, location, $py.kw({ status, replace })),
);

// ------------------------------------------------------------------------- ActionDispatchError

/** `ActionDispatchError(message, *, status_code=400, traceback_text=None)`: an HTTP error reply. */
export class ActionDispatchError extends $py.RuntimeError {}

$py.klass(ActionDispatchError, "ActionDispatchError", {
  __init__: pyfunction(
    "__init__",
    {
      params: ["message"],
      kwonly: ["status_code", "traceback_text"],
      kwdefaults: { status_code: 400, traceback_text: null },
    },
    function (message, statusCode, tracebackText) {
      this.args = tuple([message]);
      this.status_code = statusCode;
      this.traceback_text = tracebackText;
    },
  ),
});

/** An ActionDispatchError built from JavaScript. */
export function dispatchError(message, statusCode, tracebackText = null) {
  const error = new ActionDispatchError(message);
  error.status_code = statusCode;
  error.traceback_text = tracebackText;
  return error;
}

// ------------------------------------------------------------------------- HTTPError

/** Specter's `HTTPError(message, status_code=400, *, status=None, payload=None, ...)`. */
export class HTTPError extends $py.Exception {}

$py.klass(HTTPError, "HTTPError", {
  __init__: pyfunction(
    "__init__",
    {
      params: ["message", "status_code"],
      defaults: { status_code: 400 },
      kwonly: ["status", "payload", "log_message", "log_level"],
      kwdefaults: { status: null, payload: null, log_message: null, log_level: 30 },
    },
    function (message, statusCode, status, payload, logMessage, logLevel) {
      this.args = tuple([message]);
      this.message = message;
      this.status_code = status ?? statusCode;
      this.payload = { ...(payload ?? {}) };
      this.log_message = logMessage;
      this.log_level = logLevel;
    },
  ),
});

// ------------------------------------------------------------------------- slugify

/** SPRAG's slugify: lower-case ASCII letters and digits joined by "-"; "" gives "index". */
export const slugify = pyfunction("slugify", { params: ["value"] }, async (value) => {
  const text = (await str(value)).toLowerCase();
  const slug = text.replace(/[^a-zA-Z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return slug || "index";
});

// The calling convention's argument binding: `bind($args, sig)` maps positional arguments
// and a trailing Kwargs onto a signature with CPython's TypeError messages; `def` attaches
// a signature to a compiled function; `builtinMethod` wraps hand-written methods of str,
// list, dict ... so they accept keyword arguments too.

import { Kwargs, hasOwn, tuple } from "./core.js";
import { TypeError } from "./exceptions.js";
import { dictSet } from "./items.js";

const UNSET = Symbol("unset");
const NONE = Object.freeze([]);
const NO_DEFAULTS = Object.freeze(Object.create(null));

/**
 * Binds call arguments to `sig = {name, params, defaults, varargs, kwonly, kwdefaults, varkw}`.
 * Returns the values in signature order: params, then the *varargs tuple (if declared),
 * then the keyword-only params, then the **varkw dict (if declared).
 * Optional: `qualname` (used in messages instead of `name`), and `self: "self"` for methods,
 * whose `params` exclude the receiver: positional counts in messages then include it, as
 * CPython's do ("A.m() takes 2 positional arguments but 3 were given").
 */
export function bind(args, sig) {
  const params = sig.params ?? NONE;
  const kwonly = sig.kwonly ?? NONE;
  let positional = args;
  let kwargs = null;
  if (args.length > 0 && args[args.length - 1] instanceof Kwargs) {
    positional = args.slice(0, -1);
    kwargs = args[args.length - 1].values;
  }
  const simple = !kwargs && !sig.varargs && !sig.varkw && kwonly.length === 0;
  if (simple && positional.length === params.length) return positional;

  const name = sig.qualname ?? sig.name ?? "function";
  const values = params.map((_, i) => (i < positional.length ? positional[i] : UNSET));
  const kwonlyValues = kwonly.map(() => UNSET);
  const varkw = sig.varkw ? {} : null;
  for (const key of kwargs ? Object.keys(kwargs) : NONE) {
    const p = params.indexOf(key);
    const k = p < 0 ? kwonly.indexOf(key) : -1;
    if (p >= 0) {
      if (values[p] !== UNSET) throw new TypeError(`${name}() got multiple values for argument '${key}'`);
      values[p] = kwargs[key];
    } else if (k >= 0) {
      kwonlyValues[k] = kwargs[key];
    } else if (varkw) {
      dictSet(varkw, key, kwargs[key]);
    } else {
      throw new TypeError(`${name}() got an unexpected keyword argument '${key}'`);
    }
  }
  if (positional.length > params.length && !sig.varargs) {
    throw tooManyPositional(name, sig, positional.length, kwonlyValues);
  }
  fillDefaults(name, "positional", params, values, sig.defaults ?? NO_DEFAULTS);
  fillDefaults(name, "keyword-only", kwonly, kwonlyValues, sig.kwdefaults ?? NO_DEFAULTS);
  const bound = values;
  if (sig.varargs) bound.push(tuple(positional.slice(params.length)));
  bound.push(...kwonlyValues);
  if (varkw) bound.push(varkw);
  return bound;
}

function fillDefaults(name, kind, names, values, defaults) {
  const missing = [];
  names.forEach((param, i) => {
    if (values[i] !== UNSET) return;
    if (hasOwn(defaults, param)) values[i] = defaults[param];
    else missing.push(param);
  });
  if (missing.length > 0) {
    const plural = missing.length === 1 ? "" : "s";
    throw new TypeError(`${name}() missing ${missing.length} required ${kind} argument${plural}: ${nameList(missing)}`);
  }
}

/** 'a' / 'a' and 'b' / 'a', 'b', and 'c' */
function nameList(names) {
  const quoted = names.map((n) => `'${n}'`);
  if (quoted.length === 1) return quoted[0];
  if (quoted.length === 2) return `${quoted[0]} and ${quoted[1]}`;
  return `${quoted.slice(0, -1).join(", ")}, and ${quoted[quoted.length - 1]}`;
}

function tooManyPositional(name, sig, positionalCount, kwonlyValues) {
  const receiver = sig.self ? 1 : 0;
  const declared = (sig.params ?? NONE).length + receiver;
  const given = positionalCount + receiver;
  const defaultCount = (sig.params ?? NONE).filter((p) => hasOwn(sig.defaults ?? NO_DEFAULTS, p)).length;
  const accepted = defaultCount > 0 ? `from ${declared - defaultCount} to ${declared}` : `${declared}`;
  const plural = defaultCount > 0 || declared !== 1 ? "s" : "";
  const kwonlyGiven = kwonlyValues.filter((v) => v !== UNSET).length;
  const kwonlyText =
    kwonlyGiven > 0
      ? ` positional argument${given === 1 ? "" : "s"} (and ${kwonlyGiven} keyword-only argument${kwonlyGiven === 1 ? "" : "s"})`
      : "";
  const verb = given === 1 && kwonlyGiven === 0 ? "was" : "were";
  return new TypeError(`${name}() takes ${accepted} positional argument${plural} but ${given}${kwonlyText} ${verb} given`);
}

/** Attaches the signature (used by the dispatcher to bind payloads) and Python names. */
export function def(fn, sig) {
  const qualname = sig.qualname ?? sig.name ?? fn.name;
  fn.__sig__ = sig;
  fn.__name__ = qualname.split(".").pop();
  fn.__qualname__ = qualname;
  return fn;
}

/**
 * A hand-written method of a builtin type: `fn(self, ...boundArgs)` called as
 * `method(self, ...args)` with Python binding of positional and keyword arguments.
 * `params` may be a list of names or a full sig (defaults, varargs, ...).
 */
export function builtinMethod(qualname, params, defaults, fn) {
  const sig = Array.isArray(params) ? { name: qualname, params, defaults } : { name: qualname, ...params };
  const method = (self, ...args) => fn(self, ...bind(args, sig));
  method.__name__ = qualname.split(".").pop();
  method.__qualname__ = qualname;
  method.__builtin__ = true;
  return method;
}

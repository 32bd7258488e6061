// Python-callable functions written by hand: the runtime's side of the calling contract
// (www/mock/README.md). A function made here binds its arguments, keyword arguments last
// as $py.kw({...}), with Python's rules and messages, then runs its JavaScript body.

import * as $py from "../py/py.js";

/** A signature object of the contract, from a short spec (missing parts empty). */
export function signature(name, spec = {}) {
  return {
    name,
    params: spec.params ?? [],
    defaults: spec.defaults ?? {},
    varargs: spec.varargs ?? null,
    kwonly: spec.kwonly ?? [],
    kwdefaults: spec.kwdefaults ?? {},
    varkw: spec.varkw ?? null,
  };
}

/**
 * A Python-callable function named `name` with the signature `spec`; `body` receives the
 * bound parameter values positionally (`this` passed through, for methods).
 */
export function pyfunction(name, spec, body) {
  const sig = signature(name, spec);
  const fn = async function (...args) {
    return body.apply(this, $py.bind(args, sig));
  };
  return $py.def(fn, sig);
}

/** A Python tuple of `items` (the runtime's tuples are frozen Arrays). */
export function tuple(items) {
  return Object.freeze(Array.from(items));
}

/** Python's `callable(x)`. */
export function isCallable(x) {
  return typeof x === "function" || (x !== null && typeof x === "object" && typeof x.__call__ === "function");
}

/** A Python class value (a class of compiled code or a builtin type such as int). */
export function isType(x) {
  return typeof x === "function" && (x.__pyclass__ === true || x.__pytype__ === true);
}

/** The Python type name of a value (`type(x).__name__`). */
export function typeName(x) {
  return $py.typeName(x);
}

/** Python's `f"{x}"` / `str(x)`; always a Promise-free string once awaited. */
export async function str(x) {
  return $py.str(x);
}

/** Python's `repr(x)`. */
export async function repr(x) {
  return $py.repr(x);
}

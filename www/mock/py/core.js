// Value classification shared by the whole runtime: keyword-argument bags, dict / tuple /
// module tests and Python type names of JavaScript values. No Python exceptions here.

import { looksInt } from "./number.js";

/** Keyword arguments of one call, always passed as the last argument (`$py.kw({...})`). */
export class Kwargs {
  constructor(values) {
    /** Null-prototype copy, so names like `__proto__` or `constructor` are plain keys. */
    this.values = Object.assign(Object.create(null), values);
  }
}

/** `f(a, b=1)` → `f(a, kw({b: 1}))`. */
export function kw(values) {
  return new Kwargs(values);
}

/** Splits a trailing Kwargs off an argument list: `[positional, kwargsObjectOrNull]`. */
export function splitKwargs(args) {
  const last = args[args.length - 1];
  if (last instanceof Kwargs) return [args.slice(0, -1), last.values];
  return [args, null];
}

export const hasOwn = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);

/** An ES module namespace object (`import * as json`): an attribute holder, not a dict. */
export function isModule(x) {
  return x !== null && typeof x === "object" && x[Symbol.toStringTag] === "Module";
}

/** Python dicts are plain objects: `Object.prototype` or `null` prototype. */
export function isdict(x) {
  if (x === null || typeof x !== "object") return false;
  const proto = Object.getPrototypeOf(x);
  return (proto === Object.prototype || proto === null) && !isModule(x);
}

/**
 * Lists and tuples are both Arrays. A frozen Array is a tuple: what the runtime returns as a
 * tuple (`divmod`, `dict.items()`, `*args`, ...) is frozen, so it prints `(1, 2)` and
 * `isinstance(t, tuple)` holds. Unfrozen Arrays are lists.
 */
export function isTuple(x) {
  return Array.isArray(x) && Object.isFrozen(x);
}

/** A Python tuple made of the given items. */
export function tuple(items) {
  return Object.freeze(Array.from(items));
}

export function isPyClass(x) {
  return typeof x === "function" && x.__pyclass__ === true;
}

/** Makes a JS class a Python class: `__name__`, `__qualname__`, `__pyclass__`. */
export function declareClass(cls, name, qualname = name) {
  cls.__name__ = name;
  cls.__qualname__ = qualname;
  cls.__pyclass__ = true;
  return cls;
}

export const isInt = (x) => typeof x === "number" && Number.isInteger(x);

/** Numbers and bools (Python's bool is an int). */
export const isNumeric = (x) => typeof x === "number" || typeof x === "boolean";

/** Python's type name of a value, as used in error messages. */
export function typeName(x) {
  if (x === null || x === undefined) return "NoneType";
  switch (typeof x) {
    case "boolean":
      return "bool";
    case "number":
      return looksInt(x) ? "int" : "float";
    case "string":
      return "str";
    case "bigint":
      return "int";
    case "function":
      if (isPyClass(x) || x.__pytype__ === true) return "type";
      return x.__builtin__ ? "builtin_function_or_method" : "function";
  }
  if (Array.isArray(x)) return isTuple(x) ? "tuple" : "list";
  if (x instanceof Set) return "set";
  if (x instanceof Uint8Array) return "bytes";
  if (isModule(x)) return "module";
  if (isdict(x)) return "dict";
  const ctor = x.constructor;
  if (ctor && typeof ctor.__name__ === "string") return ctor.__name__;
  if (typeof x.next === "function" && typeof x[Symbol.iterator] === "function") return "iterator";
  return ctor && ctor.name ? ctor.name : "object";
}

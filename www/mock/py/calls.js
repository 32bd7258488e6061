// Method calls and attributes: callm() (methods of builtin values dispatch to the
// str/list/dict/set tables, others to the object), getattr() with method binding,
// setattr()/delattr()/hasattr(), super() as sup(), and klass(), which turns a JS class into
// a Python class. call() itself is in invoke.js.

export { call } from "./invoke.js";

import { declareClass, hasOwn, isModule, isPyClass, isTuple, isdict, typeName } from "./core.js";
import { dictMethods } from "./dict.js";
import { AttributeError, noAttribute } from "./exceptions.js";
import { call, isUnboundMethod } from "./invoke.js";
import { listMethods, tupleMethods } from "./list.js";
import { PyRange } from "./range.js";
import { setMethods } from "./set.js";
import { strMethods } from "./str.js";
import { bytesMethods, numberMethods, range as rangeType, typeOf } from "./types.js";

const MISSING = Symbol("missing");
const NO_METHODS = Object.freeze(Object.create(null));
const RANGE_METHODS = { index: rangeType.index, count: rangeType.count };
const RANGE_ATTRIBUTES = new Set(["start", "stop", "step"]);

/** The method table of a builtin value, or null for objects that carry their own methods. */
function methodTable(x) {
  if (x === null || x === undefined) return NO_METHODS;
  switch (typeof x) {
    case "string":
      return strMethods;
    case "number":
    case "boolean":
      return numberMethods;
    case "function":
    case "object":
      break;
    default:
      return NO_METHODS;
  }
  if (Array.isArray(x)) return isTuple(x) ? tupleMethods : listMethods;
  if (x instanceof Set) return setMethods;
  if (isdict(x)) return dictMethods;
  if (x instanceof Uint8Array) return bytesMethods;
  if (x instanceof PyRange) return RANGE_METHODS;
  return null;
}

const tableMethod = (table, name) => (hasOwn(table, name) ? table[name] : undefined);

/** Prototypes where Python attribute lookup stops (JS built-ins are not Python attributes). */
const LOOKUP_END = new Set([Object.prototype, Function.prototype, Error.prototype]);

/** Finds `name` on `start` or its prototype chain; reads it with `receiver` as `this`. */
function lookup(start, name, receiver = start) {
  for (let o = start; o !== null && !LOOKUP_END.has(o); o = Object.getPrototypeOf(o)) {
    if (hasOwn(o, name)) return { value: Reflect.get(o, name, receiver), own: o === receiver };
  }
  return null;
}

/** A function read from an instance, bound to it (Python's bound method). */
export function bindMethod(fn, self) {
  const bound = (...args) => fn.apply(self, args);
  bound.__name__ = fn.__name__ ?? fn.name;
  bound.__qualname__ = fn.__qualname__ ?? bound.__name__;
  bound.__self__ = self;
  bound.__func__ = fn;
  if (fn.__sig__) bound.__sig__ = fn.__sig__;
  return bound;
}

/** A method of a builtin type read from a value (`"abc".upper`), bound to it. */
function bindBuiltin(method, self) {
  const bound = (...args) => method(self, ...args);
  bound.__name__ = method.__name__;
  bound.__qualname__ = method.__qualname__;
  bound.__self__ = self;
  bound.__builtin__ = true;
  return bound;
}

function attributeError(obj, name) {
  if (obj instanceof Super) return new AttributeError(`'super' object has no attribute '${name}'`);
  if (typeof obj === "function" && (isPyClass(obj) || obj.__pytype__)) {
    return new AttributeError(`type object '${obj.__name__}' has no attribute '${name}'`);
  }
  if (isModule(obj)) return new AttributeError(`module '${obj.__name__ ?? "?"}' has no attribute '${name}'`);
  return noAttribute(typeName(obj), name);
}

// ----------------------------------------------------------------------- super()

class Super {
  constructor(cls, self) {
    this.cls = cls;
    this.self = self;
  }

  /** The attribute as found after `cls` in the method resolution order, or MISSING. */
  find(name) {
    const found = lookup(Object.getPrototypeOf(this.cls.prototype), name, this.self);
    return found ? found.value : MISSING;
  }

  __repr__() {
    return `<super: <class '${this.cls.__name__}'>, <${typeName(this.self)} object>>`;
  }
}

/** super() inside a method of `cls`: `$py.callm($py.sup(A, self), "__init__", ...)`. */
export function sup(cls, self) {
  return new Super(cls, self);
}

// ---------------------------------------------------------------------- attributes

function readAttribute(obj, name) {
  if (name === "__class__") return typeOf(obj);
  const table = methodTable(obj);
  if (table) {
    const method = tableMethod(table, name);
    if (method) return bindBuiltin(method, obj);
    if (obj instanceof PyRange && RANGE_ATTRIBUTES.has(name)) return obj[name];
    return MISSING;
  }
  if (obj instanceof Super) {
    const value = obj.find(name);
    return typeof value === "function" && !isPyClass(value) ? bindMethod(value, obj.self) : value;
  }
  if (typeof obj === "function" && name === "__name__") return obj.__name__ ?? obj.name;
  const found = lookup(obj, name);
  if (!found) return MISSING;
  const { value, own } = found;
  const bindable = typeof value === "function" && !isPyClass(value) && !value.__pytype__;
  if (bindable && !own && typeof obj === "object" && !isModule(obj)) return bindMethod(value, obj);
  return value;
}

/** getattr(obj, name[, default]) / `obj.name`. */
export function getattr(obj, name, ...fallback) {
  const value = readAttribute(obj, name);
  if (value !== MISSING) return value;
  if (fallback.length > 0) return fallback[0];
  throw attributeError(obj, name);
}

export function hasattr(obj, name) {
  return readAttribute(obj, name) !== MISSING;
}

/** setattr(obj, name, value) / `obj.name = value`. */
export function setattr(obj, name, value) {
  if (methodTable(obj)) throw noAttribute(typeName(obj), name);
  if (typeof obj === "function") {
    Object.defineProperty(obj, name, { value, writable: true, enumerable: true, configurable: true });
  } else {
    obj[name] = value;
  }
  return null;
}

export function delattr(obj, name) {
  if (methodTable(obj) || obj === null || !hasOwn(obj, name)) throw attributeError(obj, name);
  delete obj[name];
  return null;
}

// -------------------------------------------------------------------------- calls

/** obj.name(...args). */
export function callm(obj, name, ...args) {
  const table = methodTable(obj);
  if (table) {
    const method = tableMethod(table, name);
    if (!method) throw noAttribute(typeName(obj), name);
    return method(obj, ...args);
  }
  let fn;
  let self = obj;
  if (obj instanceof Super) {
    fn = obj.find(name);
    if (fn === MISSING) throw new AttributeError(`'super' object has no attribute '${name}'`);
    self = obj.self;
  } else {
    const found = lookup(obj, name);
    if (!found) throw attributeError(obj, name);
    fn = found.value;
  }
  if (typeof fn !== "function" || fn.__pyclass__ === true) return call(fn, ...args);
  if (typeof obj === "function" && isUnboundMethod(fn)) return fn.apply(args[0], args.slice(1));
  return fn.apply(self, args);
}

// ------------------------------------------------------------------------ classes

const ATTRIBUTE = { writable: true, enumerable: true, configurable: true };

/** Makes a data class attribute readable through instances, following later class writes. */
function defineClassAttribute(cls, key) {
  Object.defineProperty(cls.prototype, key, {
    configurable: true,
    get() {
      return this.constructor[key];
    },
    set(value) {
      Object.defineProperty(this, key, { value, ...ATTRIBUTE });
    },
  });
}

/**
 * `$py.klass(A, "A", members)`: members go on `A` (class attributes) and on `A.prototype`
 * (read through instances); `A.__name__`, `A.__pyclass__` are set. Returns `A`.
 */
export function klass(cls, name, members = {}, qualname = name) {
  declareClass(cls, name, qualname);
  for (const key of Object.keys(members)) {
    const value = members[key];
    Object.defineProperty(cls, key, { value, ...ATTRIBUTE });
    if (typeof value === "function") {
      Object.defineProperty(cls.prototype, key, { value, writable: true, enumerable: false, configurable: true });
    } else {
      defineClassAttribute(cls, key);
    }
  }
  return cls;
}

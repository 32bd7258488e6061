// Python's exception hierarchy as JS Error subclasses (stacks keep working), with Python's
// args / str() / repr(), and pyerr(), which turns anything caught in JS into one of them.

import { Kwargs, declareClass, tuple } from "./core.js";
import { repr, toStr } from "./repr.js";

export class BaseException extends Error {
  /** Compiled code constructs with no arguments and calls __init__; JS code may pass args. */
  constructor(...args) {
    super();
    this.args = tuple(args);
    this.__cause__ = null;
    this.__context__ = null;
  }

  __init__(...args) {
    if (args[args.length - 1] instanceof Kwargs) {
      throw new TypeError(`${this.constructor.__name__}() takes no keyword arguments`);
    }
    this.args = tuple(args);
  }

  /** Python's str(exc): '' for no args, str of a single arg, the tuple repr for several. */
  __str__() {
    if (this.args.length === 0) return "";
    if (this.args.length === 1) return toStr(this.args[0]);
    return repr(this.args);
  }

  __repr__() {
    const inner = repr(this.args);
    const name = this.constructor.__name__;
    const wrap = (text) => `${name}(${this.args.length === 1 ? text.slice(1, -2) : text.slice(1, -1)})`;
    return typeof inner === "string" ? wrap(inner) : inner.then(wrap);
  }

  /** JS stacks and console output show "ValueError: message". */
  get name() {
    return this.constructor.__name__;
  }

  get message() {
    const text = toStr(this);
    return typeof text === "string" ? text : "";
  }

  // Python code often sets `self.message` / `self.name`: they become plain attributes.
  set name(value) {
    defineAttribute(this, "name", value);
  }

  set message(value) {
    defineAttribute(this, "message", value);
  }
}

function defineAttribute(obj, key, value) {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}

declareClass(BaseException, "BaseException");

export class Exception extends BaseException {}
export class ArithmeticError extends Exception {}
export class ZeroDivisionError extends ArithmeticError {}
export class OverflowError extends ArithmeticError {}
export class AssertionError extends Exception {}
export class AttributeError extends Exception {}
export class LookupError extends Exception {}
export class IndexError extends LookupError {}
export class KeyError extends LookupError {
  /** str(KeyError('k')) is "'k'": the repr of a single key. */
  __str__() {
    return this.args.length === 1 ? repr(this.args[0]) : super.__str__();
  }
}
export class NameError extends Exception {}
export class UnboundLocalError extends NameError {}
export class OSError extends Exception {
  __str__() {
    const [errno, strerror] = this.args;
    if (this.args.length === 2 && typeof errno === "number") return `[Errno ${errno}] ${toStr(strerror)}`;
    return super.__str__();
  }
}
export class ConnectionError extends OSError {}
export class FileNotFoundError extends OSError {}
export class PermissionError extends OSError {}
export class TimeoutError extends OSError {}
export class RuntimeError extends Exception {}
export class NotImplementedError extends RuntimeError {}
export class RecursionError extends RuntimeError {}
export class StopIteration extends Exception {
  get value() {
    return this.args.length > 0 ? this.args[0] : null;
  }
}
export class TypeError extends Exception {}
export class ValueError extends Exception {}
export class UnicodeError extends ValueError {}
export class UnicodeDecodeError extends UnicodeError {}
export class UnicodeEncodeError extends UnicodeError {}

/** Every exception class by Python name (the builtins table takes them from here). */
export const exceptionClasses = {
  BaseException,
  Exception,
  ArithmeticError,
  ZeroDivisionError,
  OverflowError,
  AssertionError,
  AttributeError,
  LookupError,
  IndexError,
  KeyError,
  NameError,
  UnboundLocalError,
  OSError,
  ConnectionError,
  FileNotFoundError,
  PermissionError,
  TimeoutError,
  RuntimeError,
  NotImplementedError,
  RecursionError,
  StopIteration,
  TypeError,
  ValueError,
  UnicodeError,
  UnicodeDecodeError,
  UnicodeEncodeError,
};
for (const [name, cls] of Object.entries(exceptionClasses)) declareClass(cls, name);

/** `'x' object has no attribute 'y'` */
export function noAttribute(typeName, name) {
  return new AttributeError(`'${typeName}' object has no attribute '${name}'`);
}

// ---------------------------------------------------------------- JS errors → Python

const converted = new WeakMap();

/** A caught value as a Python exception: Python exceptions unchanged, JS errors mapped. */
export function pyerr(e) {
  if (e instanceof BaseException) return e;
  const isObject = e !== null && (typeof e === "object" || typeof e === "function");
  if (isObject && converted.has(e)) return converted.get(e);
  const exc = fromJs(e);
  if (isObject) {
    converted.set(e, exc);
    exc.jsError = e;
    if (typeof e.stack === "string") exc.stack = e.stack;
  }
  return exc;
}

const NULL_PROPERTY = [
  /^Cannot read properties of (null|undefined) \(reading '(.*)'\)$/,
  /^can't access property "(.*)", .* is (null|undefined)$/,
];

function fromJs(e) {
  const name = e?.name;
  const message = typeof e?.message === "string" ? e.message : String(e);
  switch (name) {
    case "TypeError":
      return nullPropertyError(message) ?? new TypeError(message);
    case "RangeError":
      return /call stack|too much recursion/i.test(message)
        ? new RecursionError("maximum recursion depth exceeded")
        : new ValueError(message);
    case "ReferenceError":
      return new NameError(message);
    case "SyntaxError":
    case "URIError":
      return new ValueError(message);
    case "TimeoutError":
      return new TimeoutError(message);
    case "NotImplementedError":
      return new NotImplementedError(message);
    default:
      return new Exception(message);
  }
}

function nullPropertyError(message) {
  for (const pattern of NULL_PROPERTY) {
    const match = pattern.exec(message);
    if (match) {
      const attribute = pattern === NULL_PROPERTY[0] ? match[2] : match[1];
      return noAttribute("NoneType", attribute);
    }
  }
  return null;
}

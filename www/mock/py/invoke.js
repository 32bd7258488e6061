// call(): the one way compiled code calls a value. Python classes are instantiated
// (`new C()` then `await obj.__init__(...args)`), functions are called with `this`
// undefined, and methods read from their class (`A.m`, sig with `self`) get their receiver
// from the first argument, like Python's plain functions.

import { splitKwargs, tuple, typeName } from "./core.js";
import { BaseException, TypeError } from "./exceptions.js";

async function instantiate(cls, args) {
  const obj = new cls();
  // BaseException.__new__ keeps the positional arguments even if __init__ does not.
  if (obj instanceof BaseException) obj.args = tuple(splitKwargs(args)[0]);
  if (typeof obj.__init__ === "function") await obj.__init__(...args);
  return obj;
}

/** A method (its sig has `self`) read from its class, not bound: `A.m(obj, ...)`. */
export const isUnboundMethod = (fn) => fn.__sig__?.self !== undefined && fn.__self__ === undefined;

/** callee(...args). A non-callable raises "'int' object is not callable". */
export function call(callee, ...args) {
  if (typeof callee === "function") {
    if (callee.__pyclass__ === true) return instantiate(callee, args);
    return isUnboundMethod(callee) ? callee.apply(args[0], args.slice(1)) : callee(...args);
  }
  if (callee !== null && typeof callee === "object" && typeof callee.__call__ === "function") {
    return callee.__call__(...args);
  }
  throw new TypeError(`'${typeName(callee)}' object is not callable`);
}

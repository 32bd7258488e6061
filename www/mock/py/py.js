// $py: the runtime compiled server-side Python imports (`import * as $py from ".../py.js"`).
// The contract it implements is in ../README.md ("Contract between compiled server code and
// this runtime"). Plain ES module, no dependencies: browsers, workers, Node 20.
//
// Beyond the contract: `setslice(x, lo, hi, step, values)` / `delslice`, in-place operators
// (`iadd` extends a list in place, `ior`/`isub`/`iand`/`ixor` on sets, `ior` on dicts,
// `imul`), bitwise operators (`and_`, `or_`, `xor`, `lshift`, `rshift`, `invert`), `pos`;
// a method's sig may say `self: "self"` so CPython's positional counts in TypeErrors include
// the receiver and `A.m(obj)` calls it unbound; a class member `__module__` shows in repr.
//
// Known differences from CPython, all caused by the JS value mapping:
// * int and float are both `number`: integral values below 1e16 behave as ints (repr(2.0) is
//   '2', isinstance(2.0, float) is False), others as floats (10**16 prints '1e+16'); ints
//   beyond 2**53 lose precision.
// * lists and tuples are Arrays; frozen Arrays are tuples (what the runtime returns as a
//   tuple is frozen). `str % array` takes an Array as the argument tuple.
// * dict keys are strings: other keys are stored as their repr (d[1] is d['1']), and keys
//   that look like array indexes iterate first (JS property order).
// * dict.keys()/values()/items() return lists; map()/filter() run eagerly.
// * a user __eq__/__lt__/__str__... is async: ==, sorting, str() and format() return a
//   Promise when they call one (compiled code awaits them); inside list methods such as
//   index/count/remove only synchronous equality is used. truthy() of an instance with
//   __bool__/__len__ returns a Promise too.

export { Kwargs, isdict, kw, typeName, tuple as tup } from "./core.js";
export { bind, def } from "./bind.js";
export { call, callm, delattr, getattr, hasattr, klass, setattr, sup } from "./calls.js";
export { PyObject as object } from "./object.js";
export {
  ArithmeticError,
  AssertionError,
  AttributeError,
  BaseException,
  ConnectionError,
  Exception,
  FileNotFoundError,
  IndexError,
  KeyError,
  LookupError,
  NameError,
  NotImplementedError,
  OSError,
  OverflowError,
  PermissionError,
  RecursionError,
  RuntimeError,
  StopIteration,
  TimeoutError,
  TypeError,
  UnboundLocalError,
  UnicodeDecodeError,
  UnicodeEncodeError,
  UnicodeError,
  ValueError,
  ZeroDivisionError,
  pyerr,
} from "./exceptions.js";
export {
  add,
  and_,
  contains,
  floordiv,
  iadd,
  iand,
  imul,
  invert,
  ior,
  isub,
  ixor,
  lshift,
  mod,
  mul,
  neg,
  or_,
  pos,
  pow,
  rshift,
  sub,
  truediv,
  truthy,
  xor,
} from "./ops.js";
export { eq, ge, gt, le, lt, ne } from "./compare.js";
export { delitem, delslice, getitem, getslice, iter, len, setitem, setslice, unpack } from "./items.js";
export { ascii, repr } from "./repr.js";
export { format } from "./format.js";
export { isinstance, issubclass, str, type } from "./types.js";
export { builtins, setPrintHook } from "./builtins.js";

// Fixtures for py.test.mjs: a Python prelude (functions and classes the cases use) and its
// hand-"compiled" JavaScript mirror, written in the calling convention spragc's server
// target emits (www/mock/README.md): async functions binding `...$args` with $py.bind,
// classes made with $py.klass, attributes through $py.getattr/$py.setattr, super() as $py.sup.

import * as $py from "../../www/mock/py/py.js";

const B = $py.builtins;

export const PRELUDE = `
import io, contextlib

def capture(fn):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        fn()
    return buf.getvalue()

def f(a, b=1, *args, c, d=4, **kw):
    return (a, b, args, c, d, kw)

def g(x):
    return x

def h(a, b, c=3):
    return (a, b, c)

def three(a, b, c):
    return a

def nothing():
    return None

def k(*, key):
    return key

def kw2(a, *, b, c):
    return (a, b, c)

class Point:
    def __init__(self, x, y=0, *, label="p"):
        self.x = x
        self.y = y
        self.label = label

    def norm1(self):
        return abs(self.x) + abs(self.y)

    def scaled(self, k=1):
        return Point(self.x * k, self.y * k)

    def __repr__(self):
        return f"Point({self.x}, {self.y})"

class Point3(Point):
    def __init__(self, x, y, z):
        super().__init__(x, y, label="p3")
        self.z = z

    def norm1(self):
        return super().norm1() + abs(self.z)

class Empty:
    pass

class Counter:
    count = 0

class AppError(Exception):
    pass

class CodedError(ValueError):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code

class Plain(Exception):
    def __init__(self, code):
        self.code = code

class Nice(Exception):
    def __str__(self):
        return "nice"

class V:
    def __init__(self, v):
        self.v = v

    def __eq__(self, other):
        return isinstance(other, V) and self.v == other.v

    def __lt__(self, other):
        return self.v < other.v

    def __add__(self, other):
        return V(self.v + other.v)

    def __repr__(self):
        return f"V({self.v!r})"

class Bag:
    def __init__(self, *items):
        self.items = list(items)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def __contains__(self, x):
        return x in self.items
`;

// ------------------------------------------------------------ compiled-style helpers

/** A compiled module-level function: `def name(...)` with the given signature parts. */
function fn(name, sig, body) {
  const full = { name, params: [], ...sig };
  return $py.def(async function (...$args) {
    return body(...$py.bind($args, full));
  }, full);
}

/** A compiled method: `self` is `this`, excluded from the signature. */
function method(qualname, sig, body) {
  const full = { name: qualname, params: [], ...sig, self: "self" };
  return $py.def(async function (...$args) {
    const self = this;
    return body(self, ...$py.bind($args, full));
  }, full);
}

const get = $py.getattr;
const set = $py.setattr;
const T = (...items) => Object.freeze(items);

// ------------------------------------------------------------------------- functions

export const f = fn("f", { params: ["a", "b"], defaults: { b: 1 }, varargs: "args", kwonly: ["c", "d"], kwdefaults: { d: 4 }, varkw: "kw" },
  (a, b, args, c, d, kwargs) => T(a, b, args, c, d, kwargs));
export const g = fn("g", { params: ["x"] }, (x) => x);
export const h = fn("h", { params: ["a", "b", "c"], defaults: { c: 3 } }, (a, b, c) => T(a, b, c));
export const three = fn("three", { params: ["a", "b", "c"] }, (a) => a);
export const nothing = fn("nothing", {}, () => null);
export const k = fn("k", { kwonly: ["key"] }, (key) => key);
export const kw2 = fn("kw2", { params: ["a"], kwonly: ["b", "c"] }, (a, b, c) => T(a, b, c));

// --------------------------------------------------------------------------- classes

export class Point extends $py.object {}
$py.klass(Point, "Point", {
  __module__: "cases",
  __init__: method("Point.__init__", { params: ["x", "y"], defaults: { y: 0 }, kwonly: ["label"], kwdefaults: { label: "p" } },
    (self, x, y, label) => {
      set(self, "x", x);
      set(self, "y", y);
      set(self, "label", label);
      return null;
    }),
  norm1: method("Point.norm1", {}, async (self) => $py.add(await B.abs(get(self, "x")), await B.abs(get(self, "y")))),
  scaled: method("Point.scaled", { params: ["k"], defaults: { k: 1 } },
    (self, factor) => $py.call(Point, $py.mul(get(self, "x"), factor), $py.mul(get(self, "y"), factor))),
  __repr__: method("Point.__repr__", {},
    async (self) => `Point(${await $py.format(get(self, "x"), "")}, ${await $py.format(get(self, "y"), "")})`),
});

export class Point3 extends Point {}
$py.klass(Point3, "Point3", {
  __init__: method("Point3.__init__", { params: ["x", "y", "z"] }, async (self, x, y, z) => {
    await $py.callm($py.sup(Point3, self), "__init__", x, y, $py.kw({ label: "p3" }));
    set(self, "z", z);
    return null;
  }),
  norm1: method("Point3.norm1", {},
    async (self) => $py.add(await $py.callm($py.sup(Point3, self), "norm1"), await B.abs(get(self, "z")))),
});

export class Empty extends $py.object {}
$py.klass(Empty, "Empty", {});

export class Counter extends $py.object {}
$py.klass(Counter, "Counter", { count: 0 });

export class AppError extends $py.Exception {}
$py.klass(AppError, "AppError", {});

export class CodedError extends $py.ValueError {}
$py.klass(CodedError, "CodedError", {
  __init__: method("CodedError.__init__", { params: ["code", "message"] }, async (self, code, message) => {
    await $py.callm($py.sup(CodedError, self), "__init__", message);
    set(self, "code", code);
    return null;
  }),
});

export class Plain extends $py.Exception {}
$py.klass(Plain, "Plain", {
  __init__: method("Plain.__init__", { params: ["code"] }, (self, code) => {
    set(self, "code", code);
    return null;
  }),
});

export class Nice extends $py.Exception {}
$py.klass(Nice, "Nice", { __str__: method("Nice.__str__", {}, () => "nice") });

export class V extends $py.object {}
$py.klass(V, "V", {
  __init__: method("V.__init__", { params: ["v"] }, (self, v) => {
    set(self, "v", v);
    return null;
  }),
  __eq__: method("V.__eq__", { params: ["other"] },
    (self, other) => $py.isinstance(other, V) && $py.eq(get(self, "v"), get(other, "v"))),
  __lt__: method("V.__lt__", { params: ["other"] }, (self, other) => $py.lt(get(self, "v"), get(other, "v"))),
  __add__: method("V.__add__", { params: ["other"] },
    (self, other) => $py.call(V, $py.add(get(self, "v"), get(other, "v")))),
  __repr__: method("V.__repr__", {}, async (self) => `V(${await $py.format(await $py.repr(get(self, "v")), "")})`),
});

export class Bag extends $py.object {}
$py.klass(Bag, "Bag", {
  __init__: method("Bag.__init__", { varargs: "items" }, (self, items) => {
    set(self, "items", B.list(items));
    return null;
  }),
  __len__: method("Bag.__len__", {}, (self) => B.len(get(self, "items"))),
  __getitem__: method("Bag.__getitem__", { params: ["i"] }, (self, i) => $py.getitem(get(self, "items"), i)),
  __contains__: method("Bag.__contains__", { params: ["x"] }, (self, x) => $py.contains(get(self, "items"), x)),
});

/** Runs `body` with print() captured; returns what was printed (Python: capture(lambda: ...)). */
export async function capture(body) {
  let text = "";
  const previous = $py.setPrintHook((chunk) => {
    text += chunk;
  });
  try {
    await body();
  } finally {
    $py.setPrintHook(previous);
  }
  return text;
}

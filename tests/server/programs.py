# Server-target semantics: each program below runs in CPython and, compiled by
# `spragc server`, on the mock runtime (www/mock/py); their printed output must match.
# Programs are separated by `# ---- name` lines. Keep each one about one feature.

# ---- arithmetic
print(7 // 2, -7 // 2, 7 % 3, -7 % 3, 7 % -3, 2 ** 10, 7 / 2, 1 / 4)
print(abs(-3), round(2.5), round(3.5), round(2.675, 2), divmod(-7, 2), max(3, 9, 1), min([4, 2, 8]))
x = 10
x += 5
x -= 3
x *= 2
x //= 5
print(x, -x, +x, ~x, x << 2, x >> 1, x & 3, x | 8, x ^ 1)

# ---- truthiness
for v in [0, 1, "", "a", [], [0], {}, {"k": 1}, None]:
    print(repr(v), bool(v), "yes" if v else "no", not v)
print([] or "default", [1] and "second", 0 or None or "last", "a" and 0)

# ---- equality and ordering
print([1, 2] == [1, 2], {"a": [1]} == {"a": [1]}, [1, 2] != [2, 1], (1, 2) < (1, 3), "b" > "abc")
print(1 == 1.0, True == 1, None == 0, [1, [2, 3]] == [1, [2, 3]], {"a": 1, "b": 2} == {"b": 2, "a": 1})
print(1 < 2 < 3, 3 > 2 > 2, 1 < 3 < 2, "a" in "cat", 3 in [1, 2, 3], "k" in {"k": 1}, 4 not in {1, 2})
try:
    print("a" < 1)
except TypeError as e:
    print("TypeError:", e)

# ---- strings
s = "  Hello, World  "
print(s.strip(), s.lower(), s.upper(), s.strip().split(", "), "a b  c".split(), "x".join(["1", "2", "3"]))
print("hello".capitalize(), "hello world".title(), "abc".startswith("ab"), "abc".endswith(("x", "c")), "banana".count("a"))
print("banana".find("n"), "banana".rfind("n"), "banana".replace("a", "o", 2), "7".zfill(3), "ab" * 3, "a-b-c".rsplit("-", 1))
print("%s has %d items costing %.2f" % ("cart", 3, 9.5), "%(name)s!" % {"name": "Ada"}, "%5s|%-5s|" % ("r", "l"))
print(f"{3.14159:.2f} {42:>6} {'x':*^7} {1234567:,} {7:03d} {'q'!r} {255:x}")
name = "Ada"
print(f"{name=}", f"{name!r:>8}", "{} and {}".format("a", "b"), "{0}{1}{0}".format("x", "y"))
print(repr("it's"), repr('say "hi"'), str(None), str(True), repr([1, "a", None, True]), repr({"k": (1, 2)}))
print("abc"[-1], "abcdef"[1:4], "abcdef"[::-1], "abcdef"[::2], "abcdef"[-3:])

# ---- lists
xs = [3, 1, 2]
xs.append(5)
xs.extend([0, 4])
xs.insert(1, 9)
print(xs, len(xs), xs[-1], xs[-2], xs[1:3], xs[::-1])
xs.sort()
print(xs, xs.pop(), xs.pop(0), xs, xs.index(3), xs.count(2))
xs.remove(2)
xs.reverse()
print(xs, sorted([3, 1, 2], reverse=True), sorted(["b", "A", "c"], key=lambda s: s.lower()), list(reversed([1, 2, 3])))
print([1, 2] + [3], [0] * 3, sum([1, 2, 3]), sum([1, 2], 10), any([0, 0, 1]), all([1, 1, 0]), all([]))
ys = [1, 2, 3, 4, 5]
ys[1:3] = ["a", "b", "c"]
del ys[0]
print(ys)
try:
    [].pop()
except IndexError as e:
    print("IndexError:", e)
try:
    [1][5]
except IndexError as e:
    print("IndexError:", e)

# ---- dicts
d = {"a": 1, "b": 2}
d["c"] = 3
print(d, d.get("a"), d.get("z"), d.get("z", 0), list(d.keys()), list(d.values()), list(d.items()))
print(d.pop("a"), d, d.setdefault("q", 7), d, len(d), "b" in d, {**d, "b": 20})
d.update({"x": 1}, y=2)
print(d, dict(a=1, b=2), dict([("k", "v")]), {k: v * 2 for k, v in {"m": 1, "n": 2}.items()})
try:
    d["missing"]
except KeyError as e:
    print("KeyError:", e, repr(e))
for k in {"z": 1, "y": 2}:
    print(k)

# ---- sets
s = {1, 2, 3}
s.add(4)
s.discard(1)
print(sorted(s), 2 in s, len(s), sorted(s | {9}), sorted(s & {2, 3, 7}), sorted(s - {2}), sorted({1, 2} ^ {2, 3}))

# ---- comprehensions
print([x * x for x in range(5)], [x for x in range(10) if x % 3 == 0], [(i, c) for i, c in enumerate("ab")])
print([a + b for a in "xy" for b in "12"], {x % 3 for x in range(10)} == {0, 1, 2}, sum(x for x in range(4)))
print(list(zip([1, 2, 3], "ab")), list(enumerate(["p", "q"], start=1)), list(range(10, 0, -3)), list(map(str, [1, 2])))
print(list(filter(lambda v: v > 1, [0, 1, 2, 3])), [y for x in [[1, 2], [3]] for y in x])

# ---- functions
def greet(name, greeting="Hello", *rest, punct="!", **extra):
    return f"{greeting}, {name}{punct} {list(rest)} {sorted(extra.items())}"

print(greet("Ada"))
print(greet("Ada", "Hi", 1, 2, punct="?", mood="calm"))
print(greet(greeting="Yo", name="Bob"))
args = ["Cy", "Hey"]
opts = {"punct": "."}
print(greet(*args, **opts))
try:
    greet()
except TypeError as e:
    print("TypeError:", e)
try:
    greet("a", nope=1, punct="x")
    print("extra kwargs accepted")
except TypeError as e:
    print("TypeError:", e)

def strict(a, b):
    return a + b

try:
    strict(1, 2, 3)
except TypeError as e:
    print("TypeError:", e)
try:
    strict(1, c=2)
except TypeError as e:
    print("TypeError:", e)

def counter():
    count = 0
    def bump(step=1):
        nonlocal count
        count += step
        return count
    return bump

bump = counter()
bump()
print(bump(5), (lambda a, b=2: a * b)(4), (lambda *a: len(a))(1, 2, 3))

# ---- defaults are evaluated once
def remember(item, bag=[]):
    bag.append(item)
    return bag

remember(1)
print(remember(2))

# ---- global
total = 0
def add_to_total(n):
    global total
    total += n

add_to_total(3)
add_to_total(4)
print(total)

# ---- classes
class Animal:
    kind = "animal"
    def __init__(self, name, sound="..."):
        self.name = name
        self.sound = sound
    def speak(self):
        return f"{self.name} the {self.kind} says {self.sound}"

class Dog(Animal):
    kind = "dog"
    def __init__(self, name):
        super().__init__(name, sound="woof")
        self.tricks = []
    def learn(self, trick):
        self.tricks.append(trick)
        return self

rex = Dog("Rex")
rex.learn("sit").learn("roll")
print(rex.speak(), rex.tricks, isinstance(rex, Animal), isinstance(rex, Dog), isinstance("x", Animal), Dog.kind, rex.kind)
speak = rex.speak
print(speak(), type(rex).__name__, hasattr(rex, "tricks"), hasattr(rex, "nope"), getattr(rex, "nope", "dflt"))
try:
    rex.missing_attribute
except AttributeError as e:
    print("AttributeError:", e)

class Shape:
    def area(self):
        return 0
    def describe(self):
        return f"{type(self).__name__} with area {self.area()}"

class Square(Shape):
    def __init__(self, side):
        self.side = side
    def area(self):
        return self.side ** 2

print(Square(3).describe(), Shape().describe())

# ---- exceptions
class AppError(Exception):
    pass

class NotFound(AppError):
    def __init__(self, what):
        super().__init__(f"{what} not found")
        self.what = what

def find(key):
    if key == "boom":
        raise ValueError("kaboom")
    if key != "ok":
        raise NotFound(key)
    return "found"

for key in ["ok", "x", "boom"]:
    try:
        result = find(key)
    except NotFound as e:
        print("NotFound:", e, e.what, isinstance(e, AppError), e.args)
    except (ValueError, TypeError) as e:
        print(type(e).__name__, str(e))
    else:
        print("else:", result)
    finally:
        print("finally", key)

def reraise():
    try:
        {}["k"]
    except KeyError:
        raise

try:
    reraise()
except Exception as e:
    print("re-raised", type(e).__name__, e)
try:
    raise RuntimeError
except RuntimeError as e:
    print("bare class:", repr(str(e)), e.args)
try:
    int("x")
except ValueError as e:
    print(e)
try:
    1 / 0
except ZeroDivisionError as e:
    print(e)

# ---- loops with else
for n in [2, 3, 4]:
    if n % 2 == 1:
        print("odd", n)
        break
else:
    print("no odd")
for n in [2, 4]:
    if n % 2 == 1:
        break
else:
    print("no odd")
i = 0
while i < 3:
    i += 1
    if i == 10:
        break
else:
    print("while else", i)
for i in range(5):
    if i % 2:
        continue
    print("even", i)
print("after loop", i)

# ---- unpacking and walrus
a, b = 1, 2
a, b = b, a
(c, d), e = (3, 4), 5
print(a, b, c, d, e)
for k, v in [("x", 1), ("y", 2)]:
    print(k, v)
if (n := len("hello")) > 3:
    print("walrus", n)
first, second = "ab"
print(first, second)

# ---- builtins
print(int("42"), int(" 7 "), int(3.9), int(-3.9), float("2.5"), str(12), int("ff", 16), len("héllo"), chr(65), ord("a"))
print(list("abc"), tuple([1, 2]), list(range(3)), isinstance(1, int), isinstance("s", str), isinstance([], (dict, list)))
print(type(1).__name__, type("s").__name__, type([]).__name__, type({}).__name__, type(None).__name__, type(True).__name__)
print(min("bca"), max([1, 5, 3], key=lambda v: -v), max([], default="empty"), sorted({"b": 1, "a": 2}), callable(len), hex(255))

# ---- dunder methods
class Money:
    def __init__(self, cents):
        self.cents = cents
    def __str__(self):
        return f"${self.cents // 100}.{self.cents % 100:02d}"
    def __repr__(self):
        return f"Money({self.cents})"

m = Money(1234)
print(str(m), repr(m), f"{m}", f"{m!r}", [m], "%s" % m)

# ---- waiting does not block
import gevent
import time

order = []
def worker(name, delay):
    gevent.sleep(delay)
    order.append(name)

start = time.time()
worker("first", 0.01)
worker("second", 0.0)
print(order, time.time() - start < 5)

# ---- server-style helpers
def normalize_form(title, email, summary="", visibility="team", newsletter=False):
    return {
        "title": title.strip(),
        "email": email.strip().lower(),
        "summary": summary.strip(),
        "visibility": visibility,
        "newsletter": bool(newsletter),
    }

def validate(payload):
    errors = {}
    if len(payload["title"]) < 3:
        errors["title"] = "Use at least three characters."
    if "@" not in payload["email"] or "." not in payload["email"]:
        errors["email"] = "Use a plausible email address."
    if payload["visibility"] not in {"private", "team", "public"}:
        errors["visibility"] = "Pick private, team, or public."
    return errors

for form in [dict(title=" Hi ", email="X@Y"), dict(title="Launch", email=" ada@example.com ", visibility="public", newsletter=1)]:
    payload = normalize_form(**form)
    print(payload, validate(payload), bool(validate(payload)))
history = []
for n in range(7):
    history = (history + [f"event {n}"])[-5:]
print(history, {**{"a": 1}, "b": [x for x in history if x.endswith(("1", "3"))]})

# ---- with statements
class Tracked:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()
    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, str(exc) if exc else None)
        return self.suppress

with Tracked("a") as value:
    print("inside", value)
with Tracked("outer"), Tracked("inner", suppress=True):
    raise ValueError("swallowed by inner")
print("after suppressed")
try:
    with Tracked("b"):
        raise KeyError("k")
except KeyError as e:
    print("propagated", repr(e))

def early():
    with Tracked("c"):
        return "returned"

print(early())
for i in range(3):
    with Tracked(f"loop{i}"):
        if i == 1:
            break

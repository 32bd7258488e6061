"""Semantic test cases: browser-side SPRAG Python whose meaning must survive compilation.

`tests/semantics/run.py` calls every `case_*` method here in CPython, then compiles each
class with spragc and with the reference compiler (spragkit 0.1.24) and calls the same
methods (camelCase) in Node. spragc's results must equal CPython's.

A trailing comment on the `def` line says what the case claims about the reference:

    # both            the reference gets it right too
    # bug: SPR302     the reference gets it wrong (its result differs from CPython) and
                      spragc warns with that code for this class; several codes may be
                      listed, comma-separated
    (no marker)       no claim about the reference

Each case takes no arguments, runs on a fresh instance, uses only plain computation that
CPython and browser JavaScript can both run, and returns a JSON-serialisable value.

Classes whose reference output cannot even be loaded (a JavaScript SyntaxError takes the
whole module down) sit in their own class, so each compiles to its own file.
"""

from sprag import Module


class OrdinaryCases(Module):
    """Constructs both compilers get right."""

    def __init__(self):
        super().__init__()
        self.count = 0
        self.name = "sprag"

    def helper_double(self, x):
        return x * 2

    def factorial(self, n):
        return 1 if n <= 1 else n * self.factorial(n - 1)

    def case_arithmetic(self):  # both
        a = 7
        b = 2
        return [a + b, a - b, a * b, a / b, a % b, -a, (a + b) * 3 - 1]

    def case_float_arithmetic(self):  # both
        x = 0.1 + 0.2
        return [x, 10 / 4, 6 / 3, 1.5 * 4]

    def case_augmented_assign(self):  # both
        n = 10
        n += 5
        n -= 3
        n *= 2
        s = "a"
        s += "b"
        return [n, s]

    def case_str_case_methods(self):  # both
        s = "  Hello World  "
        return [s.upper(), s.lower(), s.strip(), s.lstrip(), s.rstrip()]

    def case_str_search_methods(self):  # both
        s = "banana"
        return [s.startswith("ban"), s.endswith("na"), s.find("an"), s.rfind("an"), s.find("x"), "nan" in s, "z" not in s]

    def case_str_replace_split_join(self):  # both
        s = "a,b,c"
        parts = s.split(",")
        sep = "-"
        nums = [1, 2, 3]
        return [s.replace(",", ";"), parts, sep.join(parts), len(s), ", ".join(str(n) for n in nums)]

    def case_str_index_and_slice(self):  # both
        s = "python"
        return [s[0], s[1:3], s[:2], s[2:], s[:-1], s[-3:]]

    def case_str_concat_compare(self):  # both
        a = "abc"
        b = "abd"
        return [a + b, a < b, a == "abc", a != b]

    def case_list_append_extend_insert(self):  # both
        xs = [1, 2]
        xs.append(3)
        xs.extend([4, 5])
        xs.insert(0, 0)
        return xs

    def case_list_pop_remove_clear(self):  # both
        xs = [10, 20, 30, 40]
        last = xs.pop()
        first = xs.pop(0)
        xs.remove(20)
        ys = [1, 2]
        ys.clear()
        return [last, first, xs, ys]

    def case_list_index_count_copy(self):  # both
        xs = [1, 2, 2, 3]
        ys = xs.copy()
        ys.append(9)
        return [xs.index(2), xs.count(2), xs, ys, 2 in xs, 7 in xs]

    def case_list_slices(self):  # both
        xs = [0, 1, 2, 3, 4, 5]
        return [xs[1:3], xs[:2], xs[4:], xs[-2:], xs[:-4], xs[0], xs[2]]

    def case_list_comprehension(self):  # both
        xs = [1, 2, 3, 4, 5]
        return [x * x for x in xs if x % 2 == 1]

    def case_dict_comprehension(self):  # both
        words = ["a", "bb", "ccc"]
        return {w: len(w) for w in words}

    def case_generator_in_sum(self):  # both
        xs = [1, 2, 3]
        return sum(x * 10 for x in xs)

    def case_dict_literal_and_get(self):  # both
        d = {"a": 1, "b": {"c": [1, 2]}}
        return [d["a"], d["b"]["c"][1], d.get("a"), d.get("z", 0)]

    def case_dict_spread_and_merge(self):  # both
        base = {"a": 1, "b": 2}
        extra = {"b": 3, "c": 4}
        return [{**base, "d": 5}, {**base, **extra}, base | extra]

    def case_nested_data(self):  # both
        users = [{"name": "ann", "age": 31}, {"name": "bob", "age": 25}, {"name": "cy", "age": 40}]
        return [u["name"] for u in users if u["age"] > 30]

    def case_fstring(self):  # both
        name = "Ann"
        age = 31
        return f"{name} is {age} years old, next year {age + 1}"

    def case_ternary(self):  # both
        out = []
        for n in [1, 2, 3]:
            out.append("even" if n % 2 == 0 else "odd")
        return out

    def case_while_break(self):  # both
        n = 0
        total = 0
        while True:
            n += 1
            if n > 5:
                break
            total += n
        return total

    def case_for_continue(self):  # both
        out = []
        for x in [1, 2, 3, 4, 5, 6]:
            if x % 3 == 0:
                continue
            out.append(x)
        return out

    def case_range_loops(self):  # both
        a = []
        for i in range(3):
            a.append(i)
        b = []
        for i in range(2, 5):
            b.append(i)
        c = []
        for i in range(0, 10, 3):
            c.append(i)
        return [a, b, c, [i * 2 for i in range(4)]]

    def case_nested_loops(self):  # both
        pairs = []
        for i in range(3):
            for j in range(i):
                pairs.append([i, j])
        return pairs

    def case_try_except(self):  # both
        obj = None
        try:
            obj.missing()
            return "no error"
        except Exception:
            return "caught"

    def case_try_finally(self):  # both
        out = []
        try:
            out.append(1)
        finally:
            out.append(2)
        return out

    def case_tuple_unpack_swap(self):  # both
        a, b = 1, 2
        a, b = b, a
        return [a, b]

    def case_builtins_one_arg(self):  # both
        xs = [4, 1, 3]
        return [abs(-4), abs(2.5), round(3.7), round(-1.2), len(xs), sum(xs), sum(xs, 10), min(3, 1, 2), max(3, 1, 2)]

    def case_conversions(self):  # both
        return [int("42"), int(3.9), int(-3.9), float("2.5"), str(42), bool(0), bool("x"), bool("")]

    def case_bool_ops(self):  # both
        empty = ""
        x = None
        return [empty or "default", "a" and "b", x is None, x is not None, not True, 1 < 2 and 3 > 2]

    def case_lambda(self):  # both
        f = lambda x: x * 3
        return [f(2), f(5)]

    def case_own_method_calls(self):  # both
        return [self.helper_double(21), self.factorial(5)]

    def case_self_attributes(self):  # both
        self.count += 2
        self.count += 3
        return [self.count, self.name.upper()]

    def case_walrus(self):  # both
        xs = [1, 2, 3]
        if (n := len(xs)) > 2:
            return n * 10
        return 0


class ReferenceBugCases(Module):
    """Each case is compiled wrongly by the reference; spragc warns and fixes it."""

    def __init__(self):
        super().__init__()
        self.items = []
        self.factor = 3
        self.config = {"a": 1, "b": 2}

    def case_boolop_operand_of_plus(self):  # bug: SPR328
        canonical = ""
        title = "Home"
        return ["canonical: " + (canonical or "(removed)"), "title: " + (title or "(removed)")]

    def case_boolop_operand_of_comparison(self):  # bug: SPR328
        a = 2
        return (a or 1) == 0

    def case_self_list_append(self):  # bug: SPR301
        self.items.append(1)
        self.items.extend([2, 3])
        return self.items

    def case_self_list_pop(self):  # bug: SPR301
        self.items.append("a")
        self.items.append("b")
        last = self.items.pop()
        return [last, self.items]

    def case_min_max_list(self):  # bug: SPR302
        xs = [3, 1, 2]
        return [min(xs), max(xs)]

    def case_max_key(self):  # bug: SPR302
        words = ["bb", "a", "ccc", "dd"]
        return [max(words, key=lambda w: len(w)), min(words, key=lambda w: len(w))]

    def case_round_digits(self):  # bug: SPR303
        x = 3.14159
        return [round(x, 2), round(2.71828, 3)]

    def case_negative_index(self):  # bug: SPR304
        xs = [1, 2, 3]
        s = "hello"
        return [xs[-1], xs[-2], s[-1]]

    def case_sorted(self):  # bug: SPR305
        xs = [3, 1, 2]
        ys = sorted(xs)
        return [ys, xs]

    def case_sorted_key_reverse(self):  # bug: SPR305
        words = ["bb", "a", "ccc"]
        ties = ["bb", "a", "cc", "d"]
        return [
            sorted(words, key=lambda w: len(w)),
            sorted([3, 1, 2], reverse=True),
            sorted(["b", "c", "a", "B"]),
            sorted(ties, key=lambda w: len(w)),
            sorted(ties, key=lambda w: len(w), reverse=True),
        ]

    def case_reversed(self):  # bug: SPR305
        xs = [1, 2, 3]
        s = "abc"
        return [list(reversed(xs)), "".join(reversed(s)), xs]

    def case_enumerate(self):  # bug: SPR305
        out = []
        for i, v in enumerate(["a", "b"]):
            out.append(f"{i}:{v}")
        return [out, list(enumerate(["x", "y"], start=1))]

    def case_zip(self):  # bug: SPR305
        names = ["a", "b", "c"]
        nums = [1, 2]
        return list(zip(names, nums))

    def case_any_all(self):  # bug: SPR305
        xs = [1, 2, 3]
        return [any(x > 2 for x in xs), all(x > 2 for x in xs), any([]), all([])]

    def case_list_call(self):  # bug: SPR305
        return [list("abc"), list(range(3))]

    def case_dict_call(self):  # bug: SPR305
        pairs = [["a", 1], ["b", 2]]
        return [dict(pairs), dict(x=1, y=2)]

    def case_map_filter_tuple_chr_ord(self):  # bug: SPR305
        xs = [0, 1, 2]
        return [list(map(lambda x: x * 2, xs)), list(filter(None, xs)), list(filter(lambda x: x > 0, xs)), tuple(xs), chr(65), ord("A")]

    def case_isinstance(self):  # bug: SPR305
        return [isinstance("s", str), isinstance(3, int), isinstance([1], list), isinstance({"a": 1}, dict), isinstance("s", (int, list))]

    def case_block_scoped_local(self):  # bug: SPR306
        n = 5
        if n > 3:
            label = "big"
        else:
            label = "small"
        return label

    def case_local_assigned_in_try(self):  # bug: SPR306
        obj = None
        try:
            obj.missing()
            result = "no error"
        except Exception:
            result = "caught"
        return result

    def case_reassigned_loop_var(self):  # bug: SPR308
        out = []
        for x in [1, 2, 3]:
            x = x * 10
            out.append(x)
        return out

    def greet(self, name, greeting="Hello"):
        return f"{greeting}, {name}!"

    def case_param_default(self):  # bug: SPR309
        return [self.greet("Ann"), self.greet("Bob", "Hi")]

    def case_fstring_float_spec(self):  # bug: SPR310
        x = 3.14159
        return f"{x:.2f}"

    def case_fstring_align_spec(self):  # bug: SPR310
        n = 42
        return f"[{n:>5}]"

    def case_fstring_grouping_spec(self):  # bug: SPR310
        n = 1234567
        return f"{n:,}"

    def case_fstring_number_specs(self):  # bug: SPR310
        ratio = 0.256
        n = 42
        big = 1234.5
        pi = 3.14159
        return [f"{ratio:.1%}", f"{255:x}", f"{5:b}", f"{n:05d}", f"{big:,.2f}", f"[{pi:8.3f}]", f"{n:d}"]

    def case_fstring_str_specs(self):  # bug: SPR310
        s = "ab"
        return [f"[{s:<6}]", f"[{s:>4}]", f"[{s:6}]", f"[{s:*>5}]", f"[{s:s}]"]

    def case_dict_membership(self):  # bug: SPR311
        d = {"a": 1, "b": 2}
        return ["a" in d, "z" in d, "z" not in d]

    def double_it(self, x):
        return x * self.factor

    def case_bound_method_value(self):  # bug: SPR312
        f = self.double_it
        return f(4)

    def case_split_whitespace(self):  # bug: SPR313
        s = "  alpha beta\tgamma\n delta  "
        return s.split()

    def pair(self, a, b):
        return [a, b]

    def case_keyword_order(self):  # bug: SPR314
        return self.pair(b=1, a=2)

    def case_dict_items(self):  # bug: SPR316
        d = {"a": 1, "b": 2}
        out = []
        for k, v in d.items():
            out.append(f"{k}={v}")
        return out

    def case_dict_keys_values_len(self):  # bug: SPR316
        d = {"a": 1, "b": 2, "c": 3}
        return [[k for k in d.keys()], sum(d.values()), len(d)]

    def case_dict_iteration(self):  # bug: SPR316
        d = {"x": 1, "y": 2}
        keys = []
        for k in d:
            keys.append(k)
        return keys

    def case_self_dict_len_and_in(self):  # bug: SPR311, SPR316
        return [len(self.config), "a" in self.config, "z" in self.config]

    def case_strip_chars(self):  # bug: SPR317
        s = "//a/b//"
        return s.strip("/")

    def case_empty_list_truthiness(self):  # bug: SPR318
        xs = []
        first = "nonempty" if xs else "empty"
        second = "no items" if not xs else "items"
        return [first, second]

    def case_empty_list_if(self):  # bug: SPR318
        xs = []
        if xs:
            return "truthy"
        return "falsy"

    def case_while_list_nonempty(self):  # bug: SPR318
        xs = [1, 2, 3]
        popped = []
        while xs:
            popped.append(xs.pop())
        return popped

    def case_self_list_truthiness(self):  # bug: SPR318
        if not self.items:
            return "empty"
        return "has items"

    def case_empty_dict_truthiness(self):  # bug: SPR318
        d = {}
        if d:
            return "truthy"
        return "falsy"

    def case_list_concat(self):  # bug: SPR319
        a = [1]
        b = [2, 3]
        return a + b

    def case_str_repeat(self):  # bug: SPR319
        s = "ab"
        return s * 3

    def case_list_repeat(self):  # bug: SPR319
        xs = [0]
        return xs * 3

    def case_list_augmented_add(self):  # bug: SPR319
        xs = [1]
        xs += [2, 3]
        return xs

    def case_chained_comparison(self):  # bug: SPR320
        x = 2
        y = 5
        return [1 < x < 3, 1 < y < 3, 3 > x > 1, 0 <= x <= 1]

    def case_range_negative_step(self):  # bug: SPR321
        out = []
        for i in range(5, 0, -1):
            out.append(i)
        return out


class ParamReassignCases(Module):
    """SPR307: the reference emits `let <param>`, a SyntaxError that stops the whole file loading."""

    def normalize(self, text):
        text = text.strip()
        return text.upper()

    def case_param_reassign(self):  # bug: SPR307
        return self.normalize("  hi there ")


class MultiExceptCases(Module):
    """SPR322: the reference emits one `catch` per clause, a SyntaxError for the whole file."""

    def dive(self, n):
        return self.dive(n + 1)

    def case_multiple_except(self):  # bug: SPR322
        out = []
        for f in [None, lambda: "called"]:
            try:
                out.append(f())
            except TypeError:
                out.append("type")
            except Exception:
                out.append("other")
        try:
            self.dive(0)
        except TypeError:
            out.append("type")
        except Exception:
            out.append("too deep")
        return out

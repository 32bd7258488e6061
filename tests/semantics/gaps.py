"""Semantic probes where spragc's JavaScript did not mean what the Python means when
this file was written (spragc default mode, checked against CPython 3.11). Cases marked
`# gap` still differ: they need a runtime helper (Python's `%`, `round`, `str`, `==`
on lists, ...) that would change the output of code the reference already compiles,
and are listed in the README's "Known differences". Unmarked cases are fixed now.

Same rules as cases.py (see its docstring): `tests/semantics/run.py` runs these too and
fails while any of them still differs. Each probe is plain browser-side Python that
compiles without an error diagnostic; the comment above it says what goes wrong.
When spragc fixes one, its probe passes and can move to cases.py with a marker.
"""

from sprag import Module


class SemanticGaps(Module):
    LIMIT = 3

    def __init__(self):
        super().__init__()

    # `d.get(k)` of a missing key is `undefined` in JavaScript, and `undefined === null`
    # is false, so `is None` says False.
    def case_dict_get_missing_is_none(self):
        d = {"a": 1}
        return [d.get("z") is None, d.get("a") is None]

    # JavaScript `%` keeps the sign of the dividend; Python's takes the divisor's.
    def case_negative_modulo(self):  # gap
        a = -7
        b = -3
        return [a % 3, 7 % b]

    # Python rounds halves to even; `Math.round` rounds them up.
    def case_round_half_even(self):  # gap
        return [round(0.5), round(1.5), round(2.5), round(-0.5)]

    # `String(true)` is "true", `String(null)` is "null".
    def case_str_of_bool_and_none(self):  # gap
        flag = True
        nothing = None
        return [str(flag), str(nothing), f"{False}"]

    # `String(2.0)` is "2".
    def case_str_of_integral_float(self):  # gap
        x = 2.0
        return [str(x), f"{x}", str(7 / 7)]

    # A list in an f-string prints as "1,2" in JavaScript.
    def case_fstring_of_list(self):  # gap
        xs = [1, 2]
        return f"items: {xs}"

    # `Boolean([])` is true.
    def case_bool_of_empty_list(self):
        xs = []
        return [bool(xs), bool([])]

    # `or`/`and` on a list local pick the operand by JavaScript truthiness: `[] || d` is `[]`.
    def case_or_on_empty_list(self):
        xs = []
        return xs or ["default"]

    # `xs.sort()` compiles to JavaScript's `sort()`, which orders numbers as strings.
    def case_list_sort_numbers(self):
        xs = [10, 9, 1, 100]
        xs.sort()
        return xs

    # A builtin used as a value (`key=len`, `map(str, ...)`) stays an undefined JS name.
    def case_builtin_as_key(self):
        words = ["bb", "a", "ccc"]
        return max(words, key=len)

    # `s.split(sep, maxsplit)`: JavaScript's second argument is a limit on the result
    # length, and the rest of the string is dropped.
    def case_split_maxsplit(self):
        s = "a,b,c"
        return s.split(",", 1)

    # `enumerate(xs, 1)` with a positional start is left as an undefined name (only the
    # `start=` keyword form is compiled), with no diagnostic.
    def case_enumerate_positional_start(self):
        return list(enumerate(["x", "y"], 1))

    # `==` on lists compares identity in JavaScript, and `in` finds no equal list.
    def case_list_equality(self):  # gap
        a = [1, 2]
        b = [1, 2]
        return [a == b, a != b, [1, 2] in [a]]

    # `xs.remove(v)` of a missing value: Python raises ValueError, JavaScript's
    # `splice(indexOf(v), 1)` is `splice(-1, 1)` and silently drops the last item.
    def case_list_remove_missing(self):
        xs = [1, 2, 3]
        try:
            xs.remove(9)
        except ValueError:
            return ["missing", xs]
        return ["removed", xs]

    # A negative index held in a variable is not rewritten (only literal `xs[-1]` is).
    def case_negative_index_variable(self):  # gap
        xs = [1, 2, 3]
        i = -1
        return xs[i]

    # A list parameter annotated `list` is not treated as a list: `.append` stays.
    def push(self, xs: list, x):
        xs.append(x)
        return xs

    def case_annotated_list_param(self):
        return self.push([1], 2)

    # Python str methods with no JavaScript namesake pass through unchanged.
    def case_str_count(self):
        s = "banana"
        return s.count("a")

    # `len()` of a set compiles to `.length`, which a JavaScript Set does not have.
    def case_len_of_set(self):
        xs = [1, 1, 2]
        return len(set(xs))

    # `{n:5}` with no type: Python right-aligns numbers and left-aligns strings; spragc
    # always pads on the right.
    def case_fstring_width_of_int(self):
        n = 42
        return f"[{n:5}]"

    # `{n:05d}` of a negative number: Python puts the zeros after the sign.
    def case_fstring_zero_pad_negative(self):
        n = -42
        return f"{n:05d}"

    # `{s:^7}` (centre) is not supported: the value is printed unpadded (spragc warns
    # SPR310 that it cannot apply it either).
    def case_fstring_center(self):
        s = "ab"
        return f"[{s:^6}]"

    # `toFixed` rounds exact ties up; Python's format rounds them to even.
    def case_fstring_fixed_tie(self):  # gap
        x = 0.125
        return f"{x:.2f}"

    # Class attributes are not emitted at all (SPR315 exists in the code table but is
    # never reported), so `self.LIMIT` is undefined.
    def case_class_attribute(self):  # bug: SPR315
        return self.LIMIT * 2


class ExceptOrderGap(Module):
    """Own class: the reference's output for several except clauses is a SyntaxError."""

    # With several except clauses, a clause naming a Python-only exception (ValueError,
    # KeyError, ...) catches every JavaScript error, so it shadows a later TypeError.
    def case_except_clause_order(self):
        f = None
        try:
            f()
            return "ok"
        except ValueError:
            return "value"
        except TypeError:
            return "type"

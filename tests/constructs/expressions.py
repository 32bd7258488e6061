from sprag import Module


class Expressions(Module):
    def compute(self, xs, d, s):
        merged = {**d, "extra": True}
        union = d | {"more": 1}
        squares = [x * x for x in xs if x > 1]
        lookup = {k: v for k, v in merged.items()}
        unique = {x for x in xs}
        gen = list(x + 1 for x in xs)
        first = xs[0]
        window = xs[1:3]
        head = xs[:2]
        tail = xs[2:]
        label = f"{s!r} has {len(s)} chars, {first:>4} / {3.14159:.2f}"
        ok = first in xs and "k" not in s
        either = first or 0
        neg = -first + +first
        ratio = (first % 3) / 2
        chained = 0 < first <= 10
        if (n := len(xs)) > 2:
            print(n)
        getter = getattr(self, "name", "anon")
        flag = bool(first) is not None
        return [merged, union, squares, lookup, unique, gen, window, head, tail, label, ok, either, neg, ratio, chained, getter, flag]

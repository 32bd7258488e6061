from sprag import Module


def total(*values):
    return sum(values)


class Lambdas(Module):
    def run(self, xs):
        double = lambda x: x * 2
        pair = lambda a, b: {"a": a, "b": b}
        mapped = [double(x) for x in xs]
        handler = self.on_item
        spread = total(1, 2, 3)
        return [mapped, pair(1, 2), handler, spread, self.fmt(b=2, a=1)]

    def on_item(self, item):
        return item

    def fmt(self, a, b=0):
        return a - b

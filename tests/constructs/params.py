from sprag import Module


def helper(a, *, b=1):
    return a + b


def scaled(value, factor=2):
    return value * factor


class Params(Module):
    def run(self, first, second=10, *rest, flag=False):
        return [helper(1), scaled(first), second, rest, flag]

from sprag import Module


def helper(a, *, b=1):  # expect: SPR126
    return a + b


class KwOnly(Module):
    def run(self):
        return helper(1)

from sprag import Module


class Arity(Module):
    def run(self, xs):
        n = len()  # expect: SPR122
        r = range(1, 2, 3, 4)  # expect: SPR122
        s = "abc"
        t = s.replace("a", "b", 1)  # expect: SPR122
        return [n, r, t]

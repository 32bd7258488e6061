from sprag import Module


class Walrus(Module):
    def run(self, xs):
        return [y for x in xs if (y := x)]  # expect: SPR110

from sprag import Module


class Slices(Module):
    def run(self, xs):
        return xs[::2]  # expect: SPR111

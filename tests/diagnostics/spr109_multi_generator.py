from sprag import Module


class Multi(Module):
    def run(self, xs):
        return [a + b for a in xs for b in xs]  # expect: SPR109

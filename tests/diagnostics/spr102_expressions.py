from sprag import Module


class Expressions(Module):
    def run(self, xs):
        tags = {"a", "b"}  # expect: SPR102
        self.emit("x", *xs)  # expect: SPR102
        return b"raw"  # expect: SPR102

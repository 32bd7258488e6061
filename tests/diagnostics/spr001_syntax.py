from sprag import Module


class Broken(Module):
    def on_start(self):
        x = = 2  # expect: SPR001
        return x

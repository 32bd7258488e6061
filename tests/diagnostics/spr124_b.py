from sprag import Module


class Dup(Module):  # expect: SPR124
    def on_start(self):
        print("b")

from sprag import Module


class Dup(Module):
    def on_start(self):
        print("a")

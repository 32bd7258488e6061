from sprag import Controller, Module


class Leaky(Module):  # expect: SPR118
    def on_start(self):
        print(Controller)

from sprag import Module, debounce

DELAY = 0.5


class Debounced(Module):
    @debounce(DELAY)
    def on_input(self, event):
        print(event)

    @debounce(-1)  # expect: SPR121
    def on_other(self, event):
        print(event)

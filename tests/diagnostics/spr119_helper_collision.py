from sprag import Module

from .stores import counter


def counter():  # expect: SPR119
    return 0


class Collides(Module):
    def on_start(self):
        print(counter())

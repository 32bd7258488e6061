# spragc reads decorator arguments at build time, so they must be literals or module
# constants; sprag build evaluates them by importing the module. (A spragc-only rule.)
from sprag import Module, throttle


def delay():
    return 0.5


class Throttled(Module):
    @throttle(delay())  # expect: SPR121
    def on_scroll(self, event):
        print(event)

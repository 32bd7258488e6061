# spragc: extended
from sprag import Module


class Patterns(Module):
    def run(self, value):
        match value:
            case [first, *rest]:  # expect: SPR125
                return first
            case {"a": 1, **others}:  # expect: SPR125
                return others
            case Point(x=0):  # expect: SPR125
                return 0

from sprag import Module


class Annotated(Module):
    def run(self):
        name: str  # expect: SPR104
        return 1

from sprag import Module


class Owner(Module):
    def __init__(self):
        super().__init__()
        self.state = {"count": 0}  # expect: SPR116

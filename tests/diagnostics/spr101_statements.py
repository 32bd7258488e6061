from sprag import Module


class Statements(Module):
    def run(self, items):
        with open("x") as f:  # expect: SPR101
            print(f)
        del items[0]  # expect: SPR101
        assert items  # expect: SPR101
        import json  # expect: SPR101

        def inner():  # expect: SPR101
            return 1

        raise ValueError("no")  # expect: SPR101

    def scoped(self):
        global counter  # expect: SPR101
        match self.state:  # expect: SPR101
            case _:
                pass

from sprag import Module


class LoopElse(Module):
    def run(self, xs):
        for x in xs:  # expect: SPR107
            print(x)
        else:
            print("none")
        while xs:  # expect: SPR107
            xs.pop()
        else:
            print("empty")

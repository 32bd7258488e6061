from sprag import Module


class TryElse(Module):
    def run(self):
        try:  # expect: SPR108
            print(1)
        except Exception:
            print(2)
        else:
            print(3)

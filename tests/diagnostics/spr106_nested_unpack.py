from sprag import Module


class Unpack(Module):
    def run(self, rows):
        for (a, (b, c)) in rows:  # expect: SPR106
            print(a, b, c)

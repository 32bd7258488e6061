from sprag import Module


class Operators(Module):
    def run(self, a, b):
        half = a // b  # expect: SPR103
        power = a ** b  # expect: SPR103
        mask = a & b  # expect: SPR103
        flip = ~a  # expect: SPR103
        return [half, power, mask, flip]

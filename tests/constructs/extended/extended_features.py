from sprag import Module


class Extended(Module):
    def run(self, xs, d):
        half = len(xs) // 2
        power = 2 ** 10
        bits = (5 & 3) ^ (1 << 2)
        seen = {1, 2, 3}
        pairs = [(a, b) for a in xs for b in xs if a < b]
        assert half >= 0, "negative"
        d["k"] = 1
        del d["k"]
        match d.get("kind"):
            case "a":
                kind = 1
            case [x, y]:
                kind = x + y
            case {"n": n}:
                kind = n
            case _:
                kind = 0
        for x in xs:
            if x > 10:
                break
        else:
            kind += 1
        return [half, power, bits, seen, pairs, kind]

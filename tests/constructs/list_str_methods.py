from sprag import Module


class Methods(Module):
    def __init__(self):
        super().__init__()
        self.log = []

    def run(self, value):
        items = [3, 1, 2]
        items.append(4)
        items.extend([5, 6])
        items.insert(0, 0)
        last = items.pop()
        first = items.pop(0)
        where = items.index(2)
        count = items.count(1)
        copy = items.copy()
        items.remove(3)
        text = "  Hello World  "
        clean = text.strip()
        words = clean.split()
        parts = clean.split(" ")
        joined = ", ".join(words)
        shout = clean.upper()
        starts = clean.startswith("He")
        found = clean.find("o")
        swapped = clean.replace("l", "L")
        right = text.rstrip()
        slashes = "/path/".strip("/")
        self.log.append(value)
        return [last, first, where, count, copy, clean, words, parts, joined, shout, starts, found, swapped, right, slashes]

from sprag import Module


class Targets(Module):
    def run(self, d):
        self.state["count"] = 1  # expect: SPR105
        d["k"] += 1  # expect: SPR105

from sprag import Module


class Builtins(Module):
    def run(self, xs, text):
        return {
            "len": len(xs),
            "str": str(42),
            "int": int("7"),
            "float": float("1.5"),
            "abs": abs(-3),
            "min": min(3, 1, 2),
            "max_list": max(xs),
            "round": round(2.567, 2),
            "range": range(2, 8, 2),
            "sum": sum(xs),
            "sorted": sorted(xs, reverse=True),
            "enumerate": [i for i, x in enumerate(xs)],
            "zip": list(zip(xs, xs)),
            "any": any(xs),
            "all": all(xs),
            "isinstance": isinstance(text, str),
        }

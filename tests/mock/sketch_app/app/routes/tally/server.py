from sprag import Controller, Field, Schema, action

TOTAL = {"count": 5}


class TallyController(Controller):
    def load(self):
        return {"count": TOTAL["count"]}

    @action(schema=Schema("add", {"step": Field(int, required=True)}))
    def add(self, step):
        TOTAL["count"] += step
        return {"count": TOTAL["count"]}

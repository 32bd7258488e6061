from sprag import Module

from app.stores import tally


class CounterModule(Module):
    def __init__(self, screen=None, state=None):
        super().__init__(screen=screen, state=state or {"count": 0})
        self.history = []

    def on_start(self):
        self.delegate(self.element, "click", "[data-role='increment']", self.on_increment)
        self.delegate(self.element, "click", "[data-role='reset']", self.on_reset)
        self.subscribe(tally, self.on_tally)

    def on_increment(self, event):
        event.prevent_default()
        count = self.state["count"] + 1
        self.history.append(count)
        tally.patch({"count": count})

    def on_reset(self, event):
        event.prevent_default()
        self.history.clear()
        tally.patch({"count": 0})

    def on_tally(self, state):
        self.set_state({"count": state["count"], "history": self.history[-5:]})

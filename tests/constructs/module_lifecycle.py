from sprag import Module


class CounterModule(Module):
    def __init__(self, screen=None, state=None):
        super().__init__(screen=screen, state=state or {"count": 0})
        self.history = []
        self.child = None

    def on_start(self):
        self.delegate(self.element, "click", "[data-role='inc']", self.on_increment)
        self.listen("counter:reset", self.on_reset)
        self.interval(self.tick, 1.5)
        self.timeout(lambda: print("later"), 2)

    def on_increment(self, event):
        event.prevent_default()
        self.call_action("increment", {"count": self.state["count"]}).then(self.on_result)

    def on_reset(self, payload):
        self.set_state({"count": 0})

    def on_result(self, result):
        self.history.append(result.value)
        self.set_state(result.value)

    def tick(self):
        self.emit("tick", {"at": len(self.history)})

    def on_stop(self):
        self.history.clear()

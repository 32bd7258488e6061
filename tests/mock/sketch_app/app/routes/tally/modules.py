from sprag import Module


class TallyModule(Module):
    def on_start(self):
        self.delegate(self.element, "click", "[data-role='add']", self.on_add)

    def on_add(self, event):
        self.call_action("add", {"step": 2}).then(self.on_result)

    def on_result(self, result):
        self.set_state({"count": result.value["count"]})

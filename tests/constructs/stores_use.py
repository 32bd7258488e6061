from sprag import Component, Module, ui

from .stores import counter, session


class StoreModule(Module):
    def on_start(self):
        self.subscribe(counter, self.on_counter)
        session.subscribe(self.on_user, selector="user", immediate=True)

    def on_counter(self, state):
        counter.patch({"count": state["count"] + 1})
        session.set("user.name", "grace")
        name = session.get("user.name", "?")
        self.set_state({"name": name, "snapshot": counter.snapshot()})

    def on_user(self, user):
        counter.update(lambda s: s)


class StoreView(Component):
    def render(self, props=None):
        return ui.p(str(counter.get("count", 0)))

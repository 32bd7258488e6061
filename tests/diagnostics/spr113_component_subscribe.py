from sprag import Component, ui

from .stores import counter


class Subscriber(Component):
    def render(self, props=None):
        return ui.div("x")

    def on_start(self):
        self.subscribe(counter, self.on_change)  # expect: SPR113

    def on_change(self, state):
        print(state)

from sprag import Component, ui


class Mounts(Component):
    def render(self, props=None):
        return ui.div(self.rows())

    def rows(self):
        return ui.For(self.state["items"], key="id", render=lambda i: ui.li(i))  # expect: SPR114

from sprag import Component, ui


class Looping(Component):
    def render(self, props=None):
        rows = []
        for item in self.state["items"]:  # expect: SPR112
            rows.append(ui.li(item))
        return ui.ul(rows)

from sprag import Component, ui


class Badge(Component):
    def render(self, props=None):
        status = self.state["status"]
        if status == "ok":
            label = "All good"
        elif status == "warn":
            label = "Careful"
        else:
            label = "Broken"
        tone = "green" if status == "ok" else "red"
        return ui.span(label, class_=f"badge badge-{tone}")

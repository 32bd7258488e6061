from sprag import Component, ui


class Greeting(Component):
    def render(self, props=None):
        name = props.get("name", "world")
        count: int = self.state.get("count", 0)
        return ui.div(
            ui.h1(f"Hello, {name}!", class_="title"),
            ui.p(str(count), data_role="count", aria_live="polite"),
            ui.label("Name", for_="name-input"),
            class_="greeting",
        )

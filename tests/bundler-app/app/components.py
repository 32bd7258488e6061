from sprag import Component, ui

from app.stores import visits


def badge(text):
    return ui.span(text, class_="badge")


class Greeting(Component):
    def render(self, props=None):
        name = props.get("name", "world")
        items = self.state.get("items", [])
        if len(items) > 1:
            summary = f"{len(items)} items"
        else:
            summary = "one item"
        return ui.section(
            ui.h1(f"Hello, {name}!", class_="title"),
            badge(summary),
            ui.p(f"Visits: {visits.get('count', 0)}", data_role="visits"),
            ui.For(items, key="id", render=lambda item: ui.li(item["label"], data_id=str(item["id"]))),
            class_="greeting",
        )

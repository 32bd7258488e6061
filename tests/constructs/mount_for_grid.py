from sprag import Component, ui


class TodoList(Component):
    def render(self, props=None):
        items = self.state.get("items", [])
        return ui.section(
            ui.For(items, key="id", render=lambda item: ui.li(item["title"])),
            ui.Grid(items, key=lambda item: item["id"], render=lambda item: ui.div(item["title"]), columns=3, gap="8px"),
            ui.LazyImage("/big.png", placeholder="/small.png", alt="A picture"),
        )

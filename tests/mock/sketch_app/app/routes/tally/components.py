from sprag import Component, ui


class TallyCard(Component):
    def render(self, props):
        return ui.section(
            ui.h1("Tally"),
            ui.p(str(self.state.get("count", 0)), data_role="count"),
            ui.button("Add", data_role="add"),
            class_="tally",
        )

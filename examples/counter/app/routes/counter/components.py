from sprag import Component, ui


def plural(n, word):
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def history_list(items):
    return ui.ul(*[ui.li(str(h)) for h in items])


class CounterCard(Component):
    def render(self, props=None):
        count = self.state.get("count", 0)
        history = self.state.get("history", [])
        if count > 10:
            tone = "hot"
        else:
            tone = "calm"
        return ui.div(
            ui.h2("Counter", class_="title"),
            ui.p(plural(count, "click"), class_=f"count count-{tone}", aria_live="polite"),
            history_list(history[-3:]) if history else ui.p("No history yet."),
            ui.button("Increment", type="button", data_role="increment"),
            ui.button("Reset", type="button", data_role="reset"),
            class_="card",
        )

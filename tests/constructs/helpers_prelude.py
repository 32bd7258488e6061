from sprag import Component, ui

TITLE = "Prices"
RATE: float = 1.2


def price(amount):
    return format_money(amount * RATE)


def format_money(value):
    return f"${round(value, 2)}"


def unused_helper():
    return 1


def tags(*names):
    return ui.div(*[ui.span(n) for n in names])


class PriceTag(Component):
    def render(self, props=None):
        return ui.div(ui.h3(TITLE), ui.p(price(props.get("amount", 0))), tags("a", "b"))

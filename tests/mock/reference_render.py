"""Reference side of tests/mock/render.test.mjs: SPRAG's real `ui` trees through its real SSR
renderer (sprag.runtime.rendering.tree.render_tree).

Input (stdin): a JSON list of tree descriptions (the format is documented in
render.test.mjs, which builds the same trees with www/mock/server/ui.js). Output (stdout): a
JSON list of {"html", "hydration"} or {"error": "<ExcClass>: <message>"}, one per case;
hydration entries keep the payload's keys (id, component, module, props, state,
module_state), callables written as "<callable>".
"""

import json
import sys

from sprag import Component, Module, hydrate, ssr, ui
from sprag.runtime.rendering.tree import render_tree


# ---------------------------------------------------------------- twins of render.test.mjs


class Card(Component):
    def render(self, props=None):
        return ui.div(
            ui.h3(self.state.get("title", "untitled")),
            ui.span(len(self.props)),
            class_="card",
        )


class Panel(Component):
    def render(self, props=None):
        return ui.section(
            ui.h2(props.get("heading", "")),
            hydrate(Card, props={"title": "inner"}),
            class_="panel",
        )


class CardModule(Module):
    def __init__(self, screen=None, state=None):
        super().__init__(screen=screen, state=state or {"count": 0})


def Badge(props):
    return ui.span(props.get("label"), class_="badge")


COMPONENTS = {"Card": Card, "Panel": Panel, "Badge": Badge}
MODULES = {"CardModule": CardModule, "Module": Module}

FUNCTIONS = {
    "li_label": lambda item: ui.li(item["label"]),
    "span_item": lambda item: ui.span(str(item)),
    "none_if_odd": lambda item: None if item % 2 else ui.b(item),
    "text": lambda item: str(item),
    "key_id": lambda item: item["id"],
    "key_upper": lambda item: str(item).upper(),
    "noop": lambda *args: None,
    "hydrate_card": lambda item: hydrate(Card, props={"title": str(item)}),
    "void_br": lambda item: ui.br(),
    "raw_selfclose": lambda item: ui.HTML(f"<x-item n='{item}'/>"),
}


# ---------------------------------------------------------------- tree descriptions


def build(value):
    if isinstance(value, list):
        return [build(item) for item in value]
    if not isinstance(value, dict):
        return value
    kind = value.get("$")
    if kind is None:
        return {key: build(item) for key, item in value.items()}
    if kind == "tuple":
        return tuple(build(item) for item in value["items"])
    if kind == "set":
        return set(build(item) for item in value["items"])
    if kind == "ui":
        factory = getattr(ui, value["name"])
        return factory(*build(value.get("args", [])), **build(value.get("kwargs", {})))
    if kind == "fn":
        return FUNCTIONS[value["name"]]
    if kind == "component":
        return COMPONENTS[value["name"]]
    if kind == "instance":
        return COMPONENTS[value["name"]](**build(value.get("kwargs", {})))
    if kind == "module":
        return MODULES[value["name"]](**build(value.get("kwargs", {})))
    if kind == "hydrate":
        return hydrate(build(value["component"]), **build(value.get("kwargs", {})))
    if kind == "ssr":
        return ssr(build(value["component"]), **build(value.get("kwargs", {})))
    raise ValueError(f"unknown tree description {kind!r}")


def jsonable(value):
    if callable(value):
        return "<callable>"
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return value


def render_case(description):
    try:
        result = render_tree(build(description))  # building may raise too
    except Exception as exc:  # noqa: BLE001 - the error text is the expected output
        return {"error": f"{exc.__class__.__name__}: {exc}"}
    keys = ("id", "component", "module", "props", "state", "module_state")
    hydration = [{key: jsonable(entry[key]) for key in keys} for entry in result.hydration]
    return {"html": result.html, "hydration": hydration}


def main():
    cases = json.load(sys.stdin)
    json.dump([render_case(case) for case in cases], sys.stdout)


if __name__ == "__main__":
    main()

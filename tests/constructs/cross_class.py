from sprag import Component, Module, ui


class Child(Component):
    def render(self, props=None):
        return ui.em(props.get("text", ""))


class Parent(Module):
    def on_start(self):
        self.child = Child({"n": 1}, {"props": {"text": "hi"}})
        self.adopt_component(self.child)

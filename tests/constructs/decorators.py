from sprag import Component, Module, animate, debounce, infinite_scroll, ref, throttle, ui, virtual_scroll


@animate(class_name="is-in")
class FadeCard(Component):
    def render(self, props=None):
        return ui.div("hi")


@virtual_scroll(chunk=20, max_chunks=4)
class Feed(Component):
    def render(self, props=None):
        return ui.div(class_="feed")

    def chunk(self, i, ctx=None):
        return ui.div(f"chunk {i}")

    def total(self):
        return 100


class SearchModule(Module):
    box = ref("input[name=q]")
    sentinel = ref(".sentinel")

    @debounce(0.25)
    def on_input(self, event):
        self.call_action("search", {"q": self.refs["box"].value})

    @throttle(1)
    def on_scroll(self, event):
        print(event)

    @infinite_scroll(at="sentinel", root_margin="300px")
    def load_more(self):
        self.call_action("more", {})

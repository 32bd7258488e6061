from sprag import Component, ui, virtual_scroll


@virtual_scroll(chunk=10, pool_size=4)
class Feed(Component):  # expect: SPR120 SPR120 SPR120
    def render(self, props=None):
        return ui.div()

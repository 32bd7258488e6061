from sprag import Module, ui


def helper(**options):  # expect: SPR115
    return options


class Kwargs(Module):
    def run(self, opts):
        self.call_action("save", **opts)  # expect: SPR115
        return ui.div(**opts)  # expect: SPR115

    def configure(self, **options):  # expect: SPR115
        return helper(a=1)

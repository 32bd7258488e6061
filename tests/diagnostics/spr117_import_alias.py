from sprag import Module, imports


class Aliases(Module):
    def on_start(self):
        chart = imports.chartLib.create()  # expect: SPR117
        print(chart)

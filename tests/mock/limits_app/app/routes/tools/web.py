from sprag import Screen, ui


class ToolsScreen(Screen):
    def render(self, data):
        return ui.p("Tools that need a real server.")

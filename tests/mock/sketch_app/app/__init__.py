from sprag import App

app = App(routes="app.routes")

from sprag import Module, dom, env, join_url


class Hatches(Module):
    def on_start(self):
        node = dom.query("#app")
        rows = dom.query_all(".row")
        dom.animate_in(node, "fade", duration=200)
        width = browser.window.innerWidth
        api = env("SPRAG_PUBLIC_API", "http://localhost", cast=str)
        debug = env("SPRAG_PUBLIC_DEBUG", False, cast=bool)
        url = join_url("/api", "items")
        self.set_state({"rows": len(rows), "width": width, "api": api, "debug": debug, "url": url})

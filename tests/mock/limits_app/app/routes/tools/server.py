from sprag import Controller, ManagedProcess, Router, action, create_store, start_process


class ToolsController(Controller):
    route = "/tools"

    def load(self):
        return {"ok": True}

    @action
    def run_process(self):
        process = start_process("ls", ["ls", "-la"])
        return {"pid": process.pid}

    @action
    def managed(self):
        return {"process": ManagedProcess("x")}

    @action
    def flask_route(self):
        return {"router": Router("tools")}

    @action
    def specter_store(self):
        return {"store": create_store("tools", {})}

    @action
    def save_upload(self):
        upload = self.request.file("asset")
        if upload is None:
            return {"saved": False}
        upload.save("/tmp/x")
        return {"saved": True}

from sprag import Module


class Loader(Module):
    async def load(self):
        result = await self.call_action("load", {})
        self.set_state({"items": result.value})
        return result

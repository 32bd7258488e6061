from sprag import page

from .server import ToolsController
from .web import ToolsScreen


tools = page(path="/tools", controller=ToolsController, screen=ToolsScreen, mode="hybrid")

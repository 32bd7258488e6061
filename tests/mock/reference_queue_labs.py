"""Reference side of tests/mock/queue.labs.test.mjs: the labs app's real LabJobQueue
(.cache/templates/app_labs/app/services/job_queue.py) driven through its real
QueueDemoController actions (app/routes/queue_demo/server.py).

Prints the trace: ["emit", {event, payload, target filters, job}] for every socket emit and
["step", name, result] for every controller call.
"""

import json
import os
import sys

import gevent
from specter import registry
from sprag.runtime.request import Request
from sprag.runtime.server import controller_context
from sprag.runtime.socket_bridge import SpragSocketBridge

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", ".cache", "templates", "app_labs"))

from app.routes.queue_demo.server import QueueDemoController  # noqa: E402
from app.services.job_queue import LabJobQueue  # noqa: E402


class RecordingTransport(SpragSocketBridge):
    def __init__(self, trace, queue):
        super().__init__(None)
        self.trace = trace
        self.queue = queue
        self._target = None

    def _matching_connections(self, target):
        self._target = target
        yield "recorder"

    def _send(self, connection, envelope):
        payload = envelope["payload"]
        target = self._target
        self.trace.append(
            [
                "emit",
                {
                    "event": envelope["event"],
                    "payload": payload,
                    "route": target.route,
                    "session_id": target.session_id,
                    "job": self.queue.get_job(payload.get("job_id")),
                },
            ]
        )
        return True


def main():
    trace = []
    queue = LabJobQueue()
    registry.provide("socket_transport", RecordingTransport(trace, queue), replace=True)
    registry.provide("job_queue", queue, replace=True)
    queue.start()
    controller = QueueDemoController()
    request = Request(path="/queue-demo", method="POST", session_id="s1")

    def step(name, fn):
        with controller_context(request=request):
            trace.append(["step", name, fn()])

    def run():
        step("load empty", controller.load)
        step("start Alpha", lambda: controller.queue_start(label="Alpha"))
        alpha = trace[-1][2]["job"]["id"]
        gevent.sleep(0.5)
        step("status Alpha", lambda: controller.status(job_id=alpha))
        step("start Beta", lambda: controller.queue_start(label="Beta"))
        beta = trace[-1][2]["job"]["id"]
        gevent.sleep(0.05)
        step("cancel Beta", lambda: controller.cancel(job_id=beta))
        gevent.sleep(1.2)
        step("status Alpha", lambda: controller.status(job_id=alpha))
        step("status Beta", lambda: controller.status(job_id=beta))
        step("load", controller.load)
        step("state", lambda: {key: queue.state.get(key) for key in ("completed", "last_job", "queue_size")})

    gevent.spawn(run).join()
    queue.stop()
    json.dump(trace, sys.stdout)


if __name__ == "__main__":
    main()

"""Reference side of tests/mock/queue.test.mjs: drive SPRAG's real QueueService.

Reads a JSON list of scenarios on stdin; prints a JSON list with one trace per scenario.

A scenario is {"name", "queue": {QueueService keyword arguments}, "steps": [...]}. The
queue's handle_item(payload) runs the little program in payload["program"] (see
run_program; tests/mock/queue.test.mjs has the same interpreter written against the mock),
so the worker does report_progress / gevent.sleep / check_cancelled / raise ... as a
compiled QueueService would. The driver greenlet runs the steps (see run_step).

The trace is a list of records, in the order they happened:
  ["emit", {event, payload, filters, job, queue}]   every socket emit (recording socket bridge)
  ["state", {queue_size, active_jobs, job_order, statuses}]  every state notification
  ["step", op, result]                               every driver step
"""

import json
import sys

import gevent
from specter import registry
from sprag import QueueService
from sprag.runtime.socket_bridge import SpragSocketBridge


def error_text(exc):
    return f"{type(exc).__name__}: {exc}"


class Recorder:
    def __init__(self):
        self.trace = []
        self.queue = None

    def add(self, *record):
        self.trace.append(list(record))


class RecordingTransport(SpragSocketBridge):
    """The real socket bridge (event and target checks, target resolution) with one
    stand-in connection that records every envelope it would send."""

    def __init__(self, recorder):
        super().__init__(None)
        self.recorder = recorder
        self._target = None

    def _matching_connections(self, target):
        self._target = target
        yield "recorder"

    def _send(self, connection, envelope):
        queue = self.recorder.queue
        payload = envelope["payload"]
        job_id = payload.get("job_id") if isinstance(payload, dict) else None
        target = self._target
        self.recorder.add(
            "emit",
            {
                "event": envelope["event"],
                "payload": payload,
                "filters": {
                    "route": target.route,
                    "client_id": target.client_id,
                    "session_id": target.session_id,
                    "topic": target.topic,
                },
                "job": queue.get_job(job_id) if job_id else None,
                "queue": queue.queue_snapshot(),
            },
        )
        return True


class ScriptedQueue(QueueService):
    def handle_item(self, item):
        if isinstance(item, dict) and "program" in item:
            return run_program(self, item["program"])
        if isinstance(item, dict) and item.get("explode"):
            raise RuntimeError("plain item exploded")
        self.set_state({"plain_items": self.state.get("plain_items", 0) + 1})
        return None


EXCEPTIONS = {"ValueError": ValueError, "RuntimeError": RuntimeError, "KeyError": KeyError}


def run_program(queue, program):
    for step in program:
        op = step["op"]
        if op == "sleep":
            gevent.sleep(step["seconds"])
        elif op == "progress":
            queue.report_progress(**step["args"])
        elif op == "check_cancelled":
            queue.check_cancelled(**step.get("args", {}))
        elif op == "raise":
            raise EXCEPTIONS[step["type"]](step["message"])
        elif op == "complete":
            queue.complete_job(**step.get("args", {}))
        elif op == "fail":
            queue.fail_job(**step["args"])
        elif op == "cancel":
            queue.cancel_job(**step.get("args", {}))
        elif op == "set_state":
            queue.set_state(step["state"])
        elif op == "helper_error":
            try:
                getattr(queue, step["helper"])(**step.get("args", {}))
                queue.set_state({"helper_result": "no error"})
            except Exception as exc:  # noqa: BLE001
                queue.set_state({"helper_result": error_text(exc)})
        elif op == "return":
            return step["value"]
    return None


def run_step(recorder, queue, ids, step):
    op = step["op"]
    job_ref = lambda: ids.get(step["job"], step["job"])  # noqa: E731
    if op == "sleep":
        gevent.sleep(step["seconds"])
        return None
    if op == "enqueue_job":
        result = queue.enqueue_job(step.get("payload"), **step.get("args", {}))
        if "as" in step and result.get("job"):
            ids[step["as"]] = result["job"]["id"]
        return result
    if op == "enqueue":
        return queue.enqueue(step["item"])
    if op == "request_cancel":
        return queue.request_cancel(job_ref(), **step.get("args", {}))
    if op == "get_job":
        return queue.get_job(job_ref())
    if op == "latest_job":
        return queue.latest_job(**step.get("args", {}))
    if op == "queue_snapshot":
        return queue.queue_snapshot()
    if op == "pending_count":
        return queue.pending_count()
    if op == "job_action_result":
        args = dict(step.get("args", {}))
        if "job" in step:
            args["job_id"] = job_ref()
        return queue.job_action_result(**args)
    if op == "state":
        state = queue.get_state()
        return {key: state.get(key) for key in step["keys"]}
    if op == "helper":
        try:
            return getattr(queue, step["helper"])(**step.get("args", {}))
        except Exception as exc:  # noqa: BLE001
            return {"raised": error_text(exc)}
    if op == "stop":
        queue.stop()
        return queue.running
    raise ValueError(f"unknown step {op}")


def run_scenario(scenario):
    recorder = Recorder()
    registry.provide("socket_transport", RecordingTransport(recorder), replace=True)
    queue = ScriptedQueue(scenario.get("name_of_queue", "scripted"), **scenario.get("queue", {}))
    recorder.queue = queue

    def on_state(snapshot, _service):
        recorder.add(
            "state",
            {
                "queue_size": snapshot.get("queue_size"),
                "active_jobs": list(snapshot.get("active_jobs", [])),
                "job_order": list(snapshot.get("job_order", [])),
                "statuses": {key: job.get("status") for key, job in snapshot.get("jobs", {}).items()},
                "extra": {key: snapshot.get(key) for key in ("plain_items", "helper_result") if key in snapshot},
            },
        )

    queue.subscribe(on_state)  # Specter's two-argument form: QueueService is no sprag.Service
    queue.start()
    ids = {}

    def driver():
        for step in scenario["steps"]:
            recorder.add("step", step["op"], run_step(recorder, queue, ids, step))

    gevent.spawn(driver).join()
    queue.stop()
    registry.unregister("socket_transport")
    return recorder.trace


def main():
    scenarios = json.load(sys.stdin)
    json.dump([run_scenario(scenario) for scenario in scenarios], sys.stdout)


if __name__ == "__main__":
    main()

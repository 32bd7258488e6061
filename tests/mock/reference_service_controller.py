"""Reference side of tests/mock/controller.test.mjs: drive SPRAG's real Controller.

Prints one JSON object {case name: result}. Cases: construction and plain helpers,
service/queue/job helpers, socket shortcuts and build_events, and the auth helpers
(login / set_active_profile / require_auth / logout) with the labs app's auth provider
(.cache/templates/app_labs/app/services/auth.py) over a real RequestSession. The node
test runs the same calls on www/mock/server/controller.js.
"""

import json
import os
import sys

import gevent
from specter import registry
from sprag import Controller, QueueService, Service
from sprag.runtime.request import Request
from sprag.runtime.server import controller_context
from sprag.runtime.session import hydrate_request
from sprag.runtime.socket_bridge import SpragSocketBridge

HERE = os.path.dirname(os.path.abspath(__file__))
LABS = os.path.join(HERE, "..", "..", ".cache", "templates", "app_labs")


def error_text(exc):
    return f"{type(exc).__name__}: {exc}"


def attempt(fn):
    try:
        value = fn()
        if hasattr(value, "as_payload"):
            return {"redirect": value.as_payload()}
        return {"value": value}
    except Exception as exc:  # noqa: BLE001
        out = {"raised": error_text(exc)}
        if hasattr(exc, "status_code"):
            out["status_code"] = exc.status_code
        if hasattr(exc, "as_payload"):
            out["redirect"] = exc.as_payload()
        return out


class RecordingTransport(SpragSocketBridge):
    def __init__(self, sent):
        super().__init__(None)
        self.sent = sent
        self._target = None

    def _matching_connections(self, target):
        self._target = target
        yield "recorder"

    def _send(self, connection, envelope):
        target = self._target
        self.sent.append(
            {
                "event": envelope["event"],
                "payload": envelope["payload"],
                "route": target.route,
                "client_id": target.client_id,
                "session_id": target.session_id,
                "topic": target.topic,
            }
        )
        return True


# --------------------------------------------------------------------------- construction


def case_construction():
    class Plain(Controller):
        route = "/plain"

    class Named(Controller):
        name = "named-ctrl"

    plain = Plain()
    results = {
        "plain_name": plain.name,
        "named_name": Named().name,
        "explicit_name": Plain(name="explicit").name,
        "bogus_kwarg": attempt(lambda: Plain(bogus=1)),
        "positional": attempt(lambda: Plain("x")),
        "health": plain.health(),
        "repr": repr(plain),
        "load": plain.load(),
        "request": plain.request,
        "route": plain.route,
        "base_route": Controller.route,
        "redirect": attempt(lambda: plain.redirect("/next")),
        "redirect_permanent": attempt(lambda: plain.redirect("/next", status=301)),
        "redirect_replace": attempt(lambda: plain.redirect("/next", replace=True)),
        "redirect_empty": attempt(lambda: plain.redirect("  ")),
        "redirect_status": attempt(lambda: plain.redirect("/x", status=200)),
        "schema": attempt(lambda: plain.schema("missing")),
        "running": plain.running,
    }
    plain.start()
    results["started_health"] = plain.health()
    plain.stop()
    return results


# --------------------------------------------------------------------------- services


class Jobs(QueueService):
    def handle_item(self, item):
        return None


def case_services():
    registry.clear()
    sent = []
    registry.provide("socket_transport", RecordingTransport(sent), replace=True)
    jobs = Jobs("jobs_queue")
    registry.provide("jobs", jobs)
    registry.provide("plain", Service("plain"))

    class Queues(Controller):
        route = "/queue-demo"

    ctl = Queues()
    request = Request(path="/queue-demo", method="POST", session_id="sess-1")
    results = {
        "service_missing": attempt(lambda: ctl.service("missing")),
        "service_plain": attempt(lambda: ctl.service("plain").name),
        "queue_plain": attempt(lambda: ctl.queue("plain")),
        "queue_missing": attempt(lambda: ctl.queue("missing")),
        "job_status_unknown": attempt(lambda: ctl.job_status("jobs", "nope")),
        "cancel_unknown": attempt(lambda: ctl.request_job_cancel("jobs", "nope")),
        "enqueue_without_request": attempt(lambda: ctl.enqueue("jobs", {"n": 0}, job_id="no-request")),
    }
    with controller_context(request=request):
        results["enqueue"] = attempt(lambda: ctl.enqueue("jobs", {"n": 1}, job_id="job-1", label="Job One", meta={"a": 1}))
        results["job_status"] = attempt(lambda: ctl.job_status("jobs", "job-1"))
        results["cancel"] = attempt(lambda: ctl.request_job_cancel("jobs", "job-1"))
        results["cancel_again"] = attempt(lambda: ctl.request_job_cancel("jobs", "job-1"))
    registry.clear()
    return {"results": results, "sent": sent}


# --------------------------------------------------------------------------- sockets


def case_sockets():
    registry.clear()
    sent = []
    registry.provide("socket_transport", RecordingTransport(sent), replace=True)
    handled = []

    class Sockets(Controller):
        route = "/ctl"

        def build_events(self, handler):
            handler.on("lab:ping", self.on_ping, priority=5)
            handler.on("lab:other", self.on_ping)

        def on_ping(self, payload):
            handled.append(payload)

    ctl = Sockets()
    results = {
        "emit": attempt(lambda: ctl.emit_socket("app:x", 1)),
        "refetch": attempt(lambda: ctl.emit_socket_refetch("status")),
        "refetch_route": attempt(lambda: ctl.emit_socket_refetch("status", {"a": 1}, route="/else", topic="t")),
        "to_session_no_request": attempt(lambda: ctl.emit_to_session("app:s")),
        "to_caller_no_request": attempt(lambda: ctl.emit_to_caller("app:c")),
        "refetch_session_no_request": attempt(lambda: ctl.refetch_session("status")),
    }
    plain_request = Request(path="/ctl", method="POST", session_id="s1")
    socket_request = Request(path="/ctl", method="SOCKET", session_id="s2", headers={"X-SPRAG-Socket-Id": "sprag-socket-7"})
    with controller_context(request=plain_request):
        results["to_session"] = attempt(lambda: ctl.emit_to_session("app:s", {"a": 1}, topic="t"))
        results["to_caller_session"] = attempt(lambda: ctl.emit_to_caller("app:c", 2))
        results["refetch_session"] = attempt(lambda: ctl.refetch_session("status", {"a": 1}))
        results["refetch_session_event"] = attempt(lambda: ctl.refetch_session("status", event="app:re"))
    with controller_context(request=socket_request):
        results["to_caller_socket"] = attempt(lambda: ctl.emit_to_caller("app:c", 3))
    handler = ctl.create_handler()
    results["handler_events"] = [[event, priority] for event, _callback, priority in handler._events]
    results["handler_same"] = ctl.create_handler() is handler
    for event, callback, _priority in handler._events:
        callback({"event": event})
    results["handled"] = handled
    ctl.start()
    results["health_with_handler"] = ctl.health()
    ctl.stop()
    results["health_after_stop"] = ctl.health()
    registry.clear()
    return {"results": results, "sent": sent}


# --------------------------------------------------------------------------- auth


def session_view(request):
    snapshot = request.session.snapshot()
    meta = snapshot.get("__sprag_session__")
    if isinstance(meta, dict):
        meta = dict(meta)
        for key in ("created_at", "last_seen"):
            if key in meta:
                assert isinstance(meta[key], int)
                meta[key] = "<ts>"
        snapshot["__sprag_session__"] = meta
    return snapshot


def case_auth():
    sys.path.insert(0, LABS)
    from app.services.auth import LabsAuthService  # noqa: PLC0415

    auth = LabsAuthService()

    class App:
        providers = {"auth": auth}
        session_policy = None

    class AnonymousApp:
        providers = {}
        session_policy = None

    class Protected(Controller):
        route = "/protected"

    ctl = Protected()
    steps = []

    def step(label, fn, request):
        before = request.session_id
        result = attempt(fn)
        steps.append(
            {
                "step": label,
                "result": result,
                "rotated": request.session_id != before,
                "session_id_matches": request.session is not None and request.session.id == request.session_id,
                "session": session_view(request) if request.session is not None else None,
                "user": request.user["id"] if isinstance(request.user, dict) else request.user,
                "active_profile": request.active_profile,
            }
        )

    request = hydrate_request(Request(path="/protected", method="GET", query={"a": "1", "b": ["x y", "z"]}), app=App)
    post = hydrate_request(Request(path="/protected", method="POST"), app=App)
    with controller_context(request=request, app=App):
        step("anonymous require_auth", lambda: ctl.require_auth(), request)
        step("anonymous require_auth custom", lambda: ctl.require_auth(redirect_to="/signin?x=1#frag", next_param="to"), request)
    with controller_context(request=post, app=App):
        step("anonymous POST require_auth", lambda: ctl.require_auth(), post)
    user = auth.authenticate("ada", "analytical-engine")
    with controller_context(request=request, app=App):
        step("login", lambda: ctl.login(user)["id"], request)
        step("require profile", lambda: ctl.require_auth(require_active_profile=True), request)
        step("set profile owner", lambda: ctl.set_active_profile("owner"), request)
        step("roles owner", lambda: ctl.require_auth(roles=["owner"])["id"], request)
        step("roles auditor", lambda: ctl.require_auth(roles="auditor"), request)
        step("permission", lambda: ctl.require_auth(permissions=("reports:publish",), roles=None)["id"], request)
        step("bad roles", lambda: ctl.require_auth(roles=5), request)
        step("set profile unknown", lambda: ctl.set_active_profile("nope"), request)
        step(
            "login with profile",
            lambda: ctl.login(user, viewer={"name": "V"}, active_profile="auditor", extra_session={"k": 1}, remember=True)["id"],
            request,
        )
        step("logout", lambda: ctl.logout(), request)
        step("after logout", lambda: ctl.require_auth(), request)
    anonymous = hydrate_request(Request(path="/protected", method="POST"), app=AnonymousApp)
    with controller_context(request=anonymous, app=AnonymousApp):
        step("anonymous provider login", lambda: ctl.login({"id": "u"}), anonymous)
        step("anonymous provider set profile", lambda: ctl.set_active_profile("x"), anonymous)
        step("anonymous provider require roles", lambda: ctl.require_auth(), anonymous)
    return {"steps": steps}


CASES = {
    "construction": case_construction,
    "services": case_services,
    "sockets": case_sockets,
    "auth": case_auth,
}


def main():
    wanted = json.load(sys.stdin)
    json.dump({name: gevent.spawn(CASES[name]).get() for name in wanted}, sys.stdout)


if __name__ == "__main__":
    main()

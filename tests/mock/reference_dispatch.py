"""Reference side of tests/mock/server.dispatch.test.mjs: POST to SPRAG's real action endpoint.

Builds a small sprag.App (pages /probe and /locked, mount /widget) around the controllers
below, serves it with SPRAG's own WSGI application (sprag.runtime.http.wsgi.SpragWSGIApp)
through werkzeug's test client, and sends each request read from stdin.
The JavaScript twin of these controllers is tests/mock/server_probe_app.mjs: keep them in step.

Input: a JSON list of requests {"body": "<raw request body>", "user", "profile", "roles"}
(the last three feed the test auth provider). Output: a JSON list of {"status",
"content_type", "body": "<raw response body>", "events": [[socket event, payload, session
targeted?, route]]}, events being the deferred-action signals sent to the socket transport.
An input {"actions_of": "<controller class>"} is answered with {"actions": its sorted public
action names}, i.e. the page payload's page.actions.

An exception escaping the WSGI application (a body that is JSON but not an object, a value
json cannot encode) is reported as the 500 "Internal Server Error" text response that
gevent's pywsgi server sends in that case.
"""

import json
import sys
import tempfile

import gevent
from sprag import (
    App,
    Controller,
    Field,
    Operation,
    OperationError,
    Outcome,
    Schema,
    action,
    mount,
    page,
    redirect,
    registry,
    requires_auth,
    slugify,
)
from sprag.runtime.http.wsgi import SpragWSGIApp
from sprag.runtime.server import ActionDispatchError
from werkzeug.test import Client


class QuotaError(Exception):
    pass


class Doubler(Operation):
    name = "doubler"

    def validate(self, n):
        if n <= 0:
            raise OperationError("n must be positive", status=422)

    def perform(self, n):
        if n == 13:
            raise ValueError("unlucky")
        if n == 7:
            return Outcome.success({"lucky": True}, status=201)
        return n * 2


GREET = Schema("greet", {
    "name": Field(str, required=True),
    "times": Field(int, default=1),
    "loud": Field(bool, default=False),
    "tags": Field(list, default=list),
    "color": Field(str, default="red", choices=["red", "blue"]),
})


class ProbeController(Controller):
    route = "/probe"

    @action(schema=Schema("increment", {"count": Field(int, required=True)}))
    def increment(self, count):
        return {"count": count + 1}

    @action(schema=Schema("greet_opts", {
        "name": Field(str, required=True),
        "times": Field(int, default=1),
        "loud": Field(bool, default=False),
        "color": Field(str, default="red", choices=["red", "blue"]),
    }))
    def greet(self, name, times, loud, color):
        return {"name": name, "times": times, "loud": loud, "color": color}

    @action(schema=GREET)
    def greet_tags(self, name, times, loud, tags, color):
        return {"name": name, "tags": tags}

    @action(schema=Schema("strict_echo", {"a": Field(int)}, strict=True))
    def strict_echo(self, a):
        return {"a": a}

    @action
    def echo(self, a, b=2, *rest, c=None, **extra):
        return {"a": a, "b": b, "rest": list(rest), "c": c, "extra": extra}

    @action
    def nothing(self):
        return None

    @action
    def pair(self, x, y):
        return [x, y]

    @action
    def single(self, value):
        return {"value": value}

    @action
    def keyword(self, *, k, j=0):
        return {"k": k, "j": j}

    @action(derive=True)
    def derived(self, name, count=3):
        return {"name": name, "count": count}

    @action(name="start")
    def queue_start(self):
        return "started"

    @action
    def created(self):
        return Outcome.success({"id": 1}, status=201)

    @action
    def conflict(self):
        return Outcome.failure("Already exists.", status=409)

    @action
    def failure_value(self):
        return Outcome.failure("Half done.", value={"done": 1})

    @action
    def go(self):
        return redirect("/next", status=303)

    @action
    def go_raise(self):
        raise redirect("/moved", status=301)

    @action
    def go_default(self):
        return redirect("/default")

    @action
    def go_keep(self):
        return redirect("/keep", status=308, replace=False)

    @action
    def go_outcome(self):
        return Outcome.success(redirect("/via-outcome", status=307))

    @action
    def bad_redirect(self):
        return redirect("/x", status=200)

    @action
    def dispatch_error(self):
        raise ActionDispatchError("Unknown job 'nope' for queue 'job_queue'.", status_code=404)

    @action
    def boom(self):
        raise ValueError("kaboom")

    @action
    def missing_key(self):
        return {}["missing"]

    @action
    def add_text(self):
        return "a" + 1

    @action
    def divide(self, n):
        return 1 / n

    @action
    def quota(self):
        raise QuotaError("over", 3)

    @action
    def not_json(self):
        return {"kind": list}

    @action
    def double(self, n):
        return Doubler().run(n)

    @action
    def slug(self, text):
        return slugify(text)

    @action
    @requires_auth(roles=["admin"])
    def admin_only(self):
        return "admin"

    @action
    @requires_auth(require_active_profile=True)
    def profile_only(self):
        return "profile"

    @action
    @requires_auth
    def member_only(self):
        return "member"

    @action(defer=True)
    def later(self, n):
        return {"n": n}

    @action(defer=True)
    def later_fail(self):
        raise RuntimeError("worker died")

    @action(defer=True)
    def later_redirect(self):
        raise redirect("/done")

    @action(defer=True)
    def later_return_redirect(self):
        return redirect("/done")

    @action(defer=True)
    def later_outcome(self):
        return Outcome.failure("nope", status=409)

    @action(defer=True, schema=Schema("later_checked", {"n": Field(int, required=True)}))
    def later_checked(self, n):
        return n

    def helper(self):
        return "not an action"


@requires_auth
class LockedController(Controller):
    @action
    def secret(self):
        return "secret"

    def plain(self):
        return "plain"


class WidgetController(Controller):
    @action
    def ping(self):
        return "pong"


class Screen:
    pass


class Component:
    pass


class HeaderAuth:
    """Test auth provider: the user, profile and roles come from request headers."""

    name = "auth"

    def load_user(self, session, request):
        return request.headers.get("X-User") or None

    def load_active_profile(self, user, session, request):
        return request.headers.get("X-Profile") or None

    def authorize(self, user, active_profile, session, request, *, roles=None, permissions=None):
        granted = set(filter(None, (request.headers.get("X-Roles") or "").split(",")))
        return set(roles or ()) <= granted and set(permissions or ()) <= granted

    def public_snapshot(self, user, session, request):
        return {}


class RecordingTransport:
    """Stands in for the socket transport: records what deferred actions send."""

    def __init__(self):
        self.events = []

    def emit(self, event, payload, *, session_id=None, route=None):
        self.events.append([event, payload, session_id is not None, route])
        return True


def build_client():
    app = App(providers={"auth": HeaderAuth()})
    app._pages = [
        ("probe", page(path="/probe", controller=ProbeController, screen=Screen)),
        ("locked", page(path="/locked", controller=LockedController, screen=Screen)),
    ]
    app._mounts = [("widget", mount("/widget", component=Component, boot=WidgetController))]
    return Client(SpragWSGIApp(app, tempfile.mkdtemp()))


CONTROLLERS = {"ProbeController": ProbeController, "LockedController": LockedController, "WidgetController": WidgetController}


def send(client, transport, request):
    if "actions_of" in request:
        return {"actions": sorted(CONTROLLERS[request["actions_of"]].sprag_actions())}
    headers = {}
    for key, header in (("user", "X-User"), ("profile", "X-Profile"), ("roles", "X-Roles")):
        if request.get(key):
            headers[header] = request[key]
    transport.events = []
    try:
        response = client.post(
            "/__sprag__/actions",
            data=request["body"].encode("utf-8"),
            content_type="application/json",
            headers=headers,
        )
        result = {
            "status": response.status_code,
            "content_type": response.headers.get("Content-Type"),
            "body": response.get_data(as_text=True),
        }
    except Exception:  # what gevent.pywsgi answers when the WSGI app raises
        result = {"status": 500, "content_type": "text/plain", "body": "Internal Server Error"}
    gevent.sleep(0.01)  # let a deferred action's greenlet finish
    result["events"] = transport.events
    return result


def main():
    requests = json.load(sys.stdin)
    client = build_client()
    transport = RecordingTransport()
    registry.provide("socket_transport", transport, replace=True)
    results = [send(client, transport, request) for request in requests]
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()

"""Reference side of tests/mock/pages.test.mjs: page GETs of a SPRAG app on the real server.

Imports the app of a project directory (the labs template by default), boots it (providers
into the registry, controllers started) and serves it with SPRAG's own WSGI application (sprag.runtime.http.wsgi.SpragWSGIApp) through werkzeug's test client and
sends each GET read from stdin.

Input: {"project": "<app dir>", "env": {name: value}, "requests": [{"path": "/x?q=1",
"dev_reload": bool, "login": {"username", "password", "profile"} | null}]}. With "login", the
request first logs in through the app's own `login` action of /login (then switches the
active profile with /auth-demo/protected's `switch-profile` when "profile" is given) and
sends the GET with the session cookie that produced.
Output: {"pages": [path, ...], "mounts": [path, ...], "responses": [...]}: the surfaces
discovery found (in its order) and one {"status", "location", "html", "session_id"} per GET;
session_id is the SPRAG_SID cookie of the GET (the one the server set, or the login's), which
the payload embeds.
"""

import json
import os
import sys
import tempfile

from werkzeug.test import Client

from reference_common import session_cookie




def post_action(client, cookie, route, action, payload):
    headers = {"Content-Type": "application/json"}
    if cookie:
        headers["Cookie"] = f"SPRAG_SID={cookie}"
    body = json.dumps({"route": route, "action": action, "payload": payload})
    response = client.post("/__sprag__/actions", data=body, headers=headers)
    return session_cookie(response) or cookie


def log_in(client, login):
    cookie = post_action(
        client,
        None,
        "/login",
        "login",
        {"username": login["username"], "password": login["password"]},
    )
    if login.get("profile"):
        cookie = post_action(client, cookie, "/auth-demo/protected", "switch-profile", {"profile": login["profile"]})
    return cookie


def send(client, app, request):
    app._sprag_dev_reload = bool(request.get("dev_reload"))
    cookie = log_in(client, request["login"]) if request.get("login") else None
    headers = {"Cookie": f"SPRAG_SID={cookie}"} if cookie else {}
    response = client.get(request["path"], headers=headers)
    return {
        "status": response.status_code,
        "location": response.headers.get("Location"),
        "html": response.get_data(as_text=True),
        "session_id": session_cookie(response) or cookie,
    }


def main():
    spec = json.load(sys.stdin)
    project = os.path.abspath(spec["project"])
    os.environ.update(spec.get("env") or {})
    os.chdir(project)
    sys.path.insert(0, project)
    from app import app  # noqa: E402 - the project is importable only now
    from sprag.runtime.http.wsgi import SpragWSGIApp

    app.boot()
    try:
        client = Client(SpragWSGIApp(app, tempfile.mkdtemp()), use_cookies=False)
        json.dump(
            {
                "pages": [page.path for _name, page in app.pages()],
                "mounts": [mount.path for _name, mount in app.mounts()],
                "responses": [send(client, app, request) for request in spec["requests"]],
            },
            sys.stdout,
        )
    finally:
        app.shutdown()


if __name__ == "__main__":
    main()

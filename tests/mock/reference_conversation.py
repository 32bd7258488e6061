"""Reference side of tests/mock/conversation.test.mjs: HTTP conversations with the real server.

Imports the app of a project directory, boots it (providers, controllers) and serves it with
SPRAG's own WSGI application through werkzeug's test client. Each conversation is a list of
requests sharing one cookie jar (SPRAG_SID), as one browser tab would.

Input: {"project": "<app dir>", "conversations": [[{"method", "path", "body"}, ...], ...]}.
Output: a list (per conversation) of lists (per request) of {"status", "content_type",
"location", "body", "session"}; `session` is the SPRAG_SID in effect after the request.
"""

import json
import os
import sys
import tempfile

from werkzeug.test import Client

from reference_common import session_cookie




def main():
    spec = json.load(sys.stdin)
    project = os.path.abspath(spec["project"])
    os.chdir(project)
    sys.path.insert(0, project)
    from app import app  # noqa: E402 - importable only now
    from sprag.runtime.http.wsgi import SpragWSGIApp

    app.boot()
    app._sprag_dev_reload = False
    results = []
    static_dir = tempfile.mkdtemp()
    for conversation in spec["conversations"]:
        client = Client(SpragWSGIApp(app, static_dir), use_cookies=False)
        session = None
        replies = []
        for request in conversation:
            headers = {"Cookie": f"SPRAG_SID={session}"} if session else {}
            if request["method"] == "POST":
                headers["Content-Type"] = "application/json"
                response = client.post(request["path"], data=request.get("body", ""), headers=headers)
            else:
                response = client.get(request["path"], headers=headers)
            session = session_cookie(response) or session
            replies.append(
                {
                    "status": response.status_code,
                    "content_type": response.headers.get("Content-Type"),
                    "location": response.headers.get("Location"),
                    "body": response.get_data(as_text=True),
                    "session": session,
                }
            )
        results.append(replies)
    app.shutdown()
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()

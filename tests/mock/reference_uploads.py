"""Reference side of tests/mock/uploads.test.mjs: upload conversations with the real server.

The project's app is booted and served by SPRAG's own WSGI application through werkzeug's
test client, one cookie jar per conversation; a request carries its body as base64 bytes with its own Content-Type, so multipart bodies built in
JavaScript reach both servers byte for byte. Upload ids are only known at run time: the
32-byte placeholder ZZZ...Z in a body (or path) is replaced by the upload_id of the latest
`init` response of the conversation before the request is sent.

Where the real WSGI handler raises (the test client re-raises), the reply is what gevent's
pywsgi sends instead: 500 "Internal Server Error" as text/plain.

Also answers `parses`: multipart bodies given to SpragWSGIApp._parse_upload_request directly
(route, action, payload, form, files; dict order kept), to compare with the mock's parser.

Input: {"project": "<app dir>", "conversations": [[{"method", "path", "content_type",
"body_b64"}, ...], ...], "parses": [{"content_type", "query", "body_b64"}, ...]}.
Output: {"conversations": [[{"status", "content_type", "location", "body", "session"}, ...]],
"parses": [{"result": ...} | {"error": "..."} | {"crash": "ExcType"}]}.
"""

import base64
import io
import json
import os
import shutil
import sys
import tempfile
import warnings

from werkzeug.test import Client, EnvironBuilder

from reference_common import session_cookie

warnings.filterwarnings("ignore", category=DeprecationWarning)

PLACEHOLDER = b"Z" * 32




def describe(value):
    """A JSON view of parsed upload values that keeps bytes, files, lists and dict order."""
    from sprag.runtime.request import UploadedFile

    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, UploadedFile):
        return {
            "$file": {
                "name": value.name,
                "filename": value.filename,
                "content_type": value.content_type,
                "data": base64.b64encode(value.data).decode("ascii"),
                "headers": [[str(k), v] for k, v in value.headers.items()],
            }
        }
    if isinstance(value, list):
        return [describe(item) for item in value]
    if isinstance(value, dict):
        return {"$dict": [[key, describe(item)] for key, item in value.items()]}
    return value


def raw_body(body, method):
    """The body as a raw input stream (werkzeug would re-encode `data` for form content types)."""
    if method == "GET":
        return {}
    return {"input_stream": io.BytesIO(body), "content_length": len(body)}


def run_conversation(client, conversation):
    session = None
    upload_id = None
    replies = []
    for request in conversation:
        headers = {"Cookie": f"SPRAG_SID={session}"} if session else {}
        body = base64.b64decode(request.get("body_b64") or "")
        path = request["path"]
        if upload_id is not None:
            body = body.replace(PLACEHOLDER, upload_id.encode("ascii"))
            path = path.replace(PLACEHOLDER.decode("ascii"), upload_id)
        path, _, query = path.partition("?")
        try:
            response = client.open(
                path,
                method=request["method"],
                query_string=query,
                content_type=request.get("content_type"),
                **raw_body(body, request["method"]),
                headers=headers,
            )
        except Exception:  # the WSGI app raised: pywsgi answers a bare 500
            replies.append({"status": 500, "content_type": "text/plain", "location": None, "body": "Internal Server Error", "session": session})
            continue
        session = session_cookie(response) or session
        text = response.get_data(as_text=True)
        try:
            answer = json.loads(text)
        except ValueError:
            answer = None
        if isinstance(answer, dict) and isinstance(answer.get("upload_id"), str):
            upload_id = answer["upload_id"]
        replies.append(
            {
                "status": response.status_code,
                "content_type": response.headers.get("Content-Type"),
                "location": response.headers.get("Location"),
                "body": text,
                "session": session,
            }
        )
    return replies


def run_parse(handler, spec):
    body = base64.b64decode(spec.get("body_b64") or "")
    builder = EnvironBuilder(
        method="POST",
        content_type=spec.get("content_type"),
        **raw_body(body, "POST"),
        query_string=spec.get("query") or "",
    )
    environ = builder.get_environ()
    try:
        route, action, payload, form, files = handler._parse_upload_request(environ)
    except ValueError as exc:
        return {"error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - reported, compared by type
        return {"crash": type(exc).__name__}
    return {
        "result": {
            "route": describe(route),
            "action": describe(action),
            "payload": describe(payload),
            "form": describe(form),
            "files": describe(files),
        }
    }


def main():
    spec = json.load(sys.stdin)
    project = os.path.abspath(spec["project"])
    os.chdir(project)
    sys.path.insert(0, project)
    from app import app  # noqa: E402 - importable only now
    from sprag.runtime.http.wsgi import SpragWSGIApp

    upload_dir = tempfile.mkdtemp(prefix="sprag-uploads-")
    app.upload_temp_dir = upload_dir  # chunks of unfinished uploads are removed with it
    app.boot()
    app._sprag_dev_reload = False
    static_dir = tempfile.mkdtemp()
    conversations = []
    for conversation in spec.get("conversations", []):
        client = Client(SpragWSGIApp(app, static_dir), use_cookies=False)
        conversations.append(run_conversation(client, conversation))
    handler = SpragWSGIApp(app, static_dir)
    parses = [run_parse(handler, item) for item in spec.get("parses", [])]
    app.shutdown()
    shutil.rmtree(upload_dir, ignore_errors=True)
    shutil.rmtree(static_dir, ignore_errors=True)
    json.dump({"conversations": conversations, "parses": parses}, sys.stdout)


if __name__ == "__main__":
    main()

"""Reference side of tests/mock/service.stdlib.test.mjs: what Python's json and hashlib give
for the inputs the node test also feeds to www/mock/lib/json.js and hashlib.js.

Input: {"dumps": [[value, kwargs], ...], "loads": [text, ...], "hashes": [text, ...]}.
Output: the same keys with Python's results ({"value"} or {"raised": "Exc: msg"}).
"""

import hashlib
import json
import sys


def attempt(fn):
    try:
        return {"value": fn()}
    except Exception as exc:  # noqa: BLE001
        return {"raised": f"{type(exc).__name__}: {exc}"}


def main():
    data = json.load(sys.stdin)
    out = {"dumps": [], "loads": [], "hashes": []}
    for value, kwargs in data["dumps"]:
        if "separators" in kwargs:
            kwargs["separators"] = tuple(kwargs["separators"])
        out["dumps"].append(attempt(lambda: json.dumps(value, **kwargs)))
    out["dumps"].append(attempt(lambda: json.dumps([float("nan"), float("inf"), float("-inf")])))
    out["dumps"].append(attempt(lambda: json.dumps([float("nan")], allow_nan=False)))
    out["dumps"].append(attempt(lambda: json.dumps({1, 2})))
    out["dumps"].append(attempt(lambda: json.dumps({"s": {3}}, default=sorted)))
    out["dumps"].append(attempt(lambda: json.dumps(b"x")))
    cyclic = []
    cyclic.append(cyclic)
    out["dumps"].append(attempt(lambda: json.dumps(cyclic)))
    for text in data["loads"]:
        out["loads"].append(attempt(lambda: json.loads(text)))
    out["loads"].append(attempt(lambda: json.loads(b'{"bytes": "\\u00e9"}')))
    out["loads"].append(attempt(lambda: json.loads(5)))
    for text in data["hashes"]:
        raw = text.encode("utf-8")
        chunked = hashlib.sha256()
        for i in range(0, len(raw), 7):
            chunked.update(raw[i : i + 7])
        copy = chunked.copy()
        copy.update(b"!")
        out["hashes"].append(
            {
                "sha256": hashlib.sha256(raw).hexdigest(),
                "md5": hashlib.md5(raw).hexdigest(),
                "sha1": hashlib.sha1(raw).hexdigest(),
                "new": hashlib.new("sha256", raw).hexdigest(),
                "chunked": chunked.hexdigest(),
                "copy": copy.hexdigest(),
                "digest": list(hashlib.md5(raw).digest()),
                "sizes": [chunked.name, chunked.digest_size, chunked.block_size],
            }
        )
    out["str_hash"] = attempt(lambda: hashlib.sha256("text"))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()

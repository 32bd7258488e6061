"""Shared by the reference scripts of tests/mock/ (run with the reference virtualenv)."""

from http.cookies import SimpleCookie


def session_cookie(response):
    """The SPRAG_SID a werkzeug test response sets, or None."""
    for header in response.headers.getlist("Set-Cookie"):
        cookie = SimpleCookie()
        cookie.load(header)
        if "SPRAG_SID" in cookie:
            return cookie["SPRAG_SID"].value
    return None

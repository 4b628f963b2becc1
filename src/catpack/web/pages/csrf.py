"""Anti-forgery tokens for the pages' forms (signed double-submit cookie).

Every page a browser gets sets (once) a cookie holding a random value signed
with the app's key (``catpack.services.keys``): ``<nonce>.<HMAC-SHA256>``.
Every form carries the same token in a hidden field and htmx sends it in the
``X-CSRF-Token`` header (``static/app.js``, from the page's ``csrf-token``
meta tag). A post is accepted only when the field (or header) equals the
cookie and the signature is the app's: another site can make a browser post
a form, but can neither read the cookie nor mint a signed one. This is on top
of the Origin check (:func:`catpack.web.pages.deps.same_origin`).

A token is bound to the browser's log-in (:func:`binding`: the SHA-256 of the
log-in cookie, or nothing before logging in): a token and cookie planted in a
browser from elsewhere (a sibling sub-domain, a plain-http answer) were made
for another log-in, or none, and fail for this one; a new log-in gets a new
token with its next page, and a token stops working when its log-in ends.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

COOKIE = "catpack_csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"


def binding(login_cookie: str | None) -> str:
    """What this browser's token is bound to: its log-in cookie (by SHA-256),
    or "" with none (anonymous pages, local mode)."""
    return hashlib.sha256(login_cookie.encode()).hexdigest() if login_cookie else ""


def _signature(key: bytes, nonce: str, binding: str) -> str:
    message = f"{nonce}|{binding}".encode()
    return hmac.digest(key, message, "sha256").hex()


def new_token(key: bytes, binding: str = "") -> str:
    nonce = secrets.token_urlsafe(18)
    return f"{nonce}.{_signature(key, nonce, binding)}"


def valid(key: bytes, token: str | None, binding: str = "") -> bool:
    """``token`` was made by :func:`new_token` with this key and binding."""
    if not token or token.count(".") != 1 or len(token) > 200:
        return False
    nonce, signature = token.split(".")
    return hmac.compare_digest(signature, _signature(key, nonce, binding))


def matches(key: bytes, cookie: str | None, sent: str | None, binding: str = "") -> bool:
    """The token sent with a form (or header) is the browser's signed cookie."""
    if not cookie or not sent or not valid(key, cookie, binding):
        return False
    return hmac.compare_digest(cookie.encode(), sent.encode())

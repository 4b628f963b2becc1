"""The browser's guards that hold for every response of the app.

* **Allowed hosts.** Requests whose ``Host`` is not one of
  ``CATPACK_ALLOWED_HOSTS`` (the loopback names by default) get 400 before any
  route runs (Starlette's ``TrustedHostMiddleware``). A page on another site
  that makes its own name resolve to 127.0.0.1 (DNS rebinding) sends its own
  name as ``Host`` and is refused, so it can neither read the pages nor get
  past the same-origin check of the forms.
* **Headers on every response** (:class:`SecurityHeaders`): a Content-Security-
  Policy with no ``unsafe-inline`` (scripts and styles only from this origin;
  the pages keep no inline script, style or handler), ``frame-ancestors
  'none'`` and ``X-Frame-Options: DENY`` (no framing, so no one-tap log or
  undo by clickjacking), ``X-Content-Type-Options: nosniff`` and
  ``Referrer-Policy: same-origin``; ``Strict-Transport-Security`` when
  ``CATPACK_BEHIND_TLS`` says the app is reached over https. They wrap the
  whole app, outside FastAPI's own layers, so the 413 of its body limit and
  a 500 carry them too.
* **Nothing private kept by the browser.** Every answer except the static
  files says ``Cache-Control: no-store`` (unless its route says otherwise):
  on a shared phone, the back button after logging out shows no copy of the
  household's pages, and no disk cache holds them. (The service worker's
  own copies for offline use are dropped by the log-in page.)
* **/docs without a CDN.** Swagger UI is served from ``/static/vendor/swagger-ui``
  (vendored, see its README); its one inline start-up script is allowed by its
  SHA-256 in that page's policy, nothing else inline is. ReDoc is off.
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from catpack.settings import Settings

SWAGGER = "/static/vendor/swagger-ui"


def policy(*, script_hashes: tuple[str, ...] = ()) -> str:
    """The Content-Security-Policy: everything from this origin, nothing inline
    (except scripts whose SHA-256 is listed), no framing, no plugins."""
    scripts = " ".join(["'self'", *(f"'sha256-{h}'" for h in script_hashes)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )


HEADERS = {
    "content-security-policy": policy(),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


#: One year: what browsers are told to use https only for, behind TLS.
HSTS = "max-age=31536000"
#: Paths whose answers are the same for everyone and may be cached.
PUBLIC = ("/static/", "/favicon.ico", "/manifest.webmanifest")


class SecurityHeaders:
    """Adds :data:`HEADERS` to every HTTP response (a route may set its own
    Content-Security-Policy; the others always win), HSTS when ``tls``, and
    ``Cache-Control: no-store`` to every answer outside :data:`PUBLIC` that
    does not set its own."""

    def __init__(self, app: ASGIApp, *, tls: bool = False) -> None:
        self.app = app
        self.tls = tls

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = not str(scope.get("path", "")).startswith(PUBLIC)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    if name == "content-security-policy" and name in headers:
                        continue
                    headers[name] = value
                if self.tls:
                    headers["strict-transport-security"] = HSTS
                if private and "cache-control" not in headers:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class TooLarge:
    """A body whose ``Content-Length`` is over ``limit`` gets 413 in the API's
    error shape (``{"detail": ...}``) before anything reads it. FastAPI's own
    limit answers it in plain text (its answer to a chunked body that grows
    too large is JSON already), so clients saw two shapes for one error."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = Headers(scope=scope).get("content-length", "")
            if length.isascii() and length.isdigit() and int(length) > self.limit:
                detail = f"the body is larger than {self.limit} bytes"
                await JSONResponse({"detail": detail}, status_code=413)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _inline_script_hashes(html: str) -> tuple[str, ...]:
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    return tuple(base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts)


def install(app: FastAPI, settings: Settings) -> None:
    """Allowed hosts, headers, and the /docs page on vendored Swagger UI."""
    page = get_swagger_ui_html(
        openapi_url=app.openapi_url or "/openapi.json",
        title=f"{app.title} API",
        swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
        swagger_css_url=f"{SWAGGER}/swagger-ui.css",
        swagger_favicon_url=f"{SWAGGER}/favicon-32x32.png",
    )
    html = bytes(page.body).decode()
    docs_policy = policy(script_hashes=_inline_script_hashes(html))

    @app.get("/docs", include_in_schema=False)
    def docs(_: Request) -> HTMLResponse:
        """The API's interactive docs (Swagger UI, served from this app)."""
        return HTMLResponse(html, headers={"content-security-policy": docs_policy})

    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    # Headers on everything: around the whole stack FastAPI builds, outside
    # its error and body-limit layers (a middleware added here would sit
    # inside them, and their 500 and 413 would go out without the headers).
    build = app.build_middleware_stack

    def with_headers() -> ASGIApp:
        too_large = TooLarge(build(), settings.max_body_bytes)
        return SecurityHeaders(too_large, tls=settings.behind_tls)

    app.build_middleware_stack = with_headers  # type: ignore[method-assign]

"""A fake Web Push service on the loopback address: a real HTTP server that
checks what a real push service checks and reads what a browser would read.

* the VAPID ``Authorization: vapid t=<JWT>,k=<key>`` header: the JWT's ES256
  signature is verified with ``py_vapid`` (``cryptography`` underneath), its
  ``aud`` must be this server's origin and ``k`` the app's public key;
* the body is decrypted with ``http_ece`` (RFC 8291 ``aes128gcm``) using the
  subscriber's private key and auth secret, as the browser does.

Paths: ``/push/ok/<n>`` answers 201, ``/push/gone/<n>`` 410, ``/push/missing/<n>``
404, ``/push/down/<n>`` 500.
"""

from __future__ import annotations

import base64
import json
import os
import threading
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Subscriber:
    """A browser's side of a subscription: its key pair and auth secret."""

    endpoint: str
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    def subscription(self) -> dict[str, Any]:
        point = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64(point), "auth": b64(self.auth)}}


@dataclass
class Received:
    path: str
    status: int
    payload: dict[str, Any] | None
    vapid_key: str
    claims: dict[str, Any]
    ttl: str | None


class FakePushService:
    def __init__(self) -> None:
        self.subscribers: dict[str, Subscriber] = {}
        self.received: list[Received] = []
        self.errors: list[str] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakePushService:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def subscriber(self, kind: str) -> Subscriber:
        path = f"/push/{kind}/{len(self.subscribers)}"
        sub = Subscriber(self.origin + path)
        self.subscribers[path] = sub
        return sub

    def delivered(self) -> list[dict[str, Any]]:
        return [r.payload for r in self.received if r.status == 201 and r.payload is not None]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    received = service._read(self.path, self.headers, body)
                except Exception as exc:  # a check failed: answer 400, remember why
                    service.errors.append(f"{self.path}: {exc!r}")
                    self.send_response(400)
                    self.end_headers()
                    return
                service.received.append(received)
                self.send_response(received.status)
                self.end_headers()

        return Handler

    def _read(self, path: str, headers: Message, body: bytes) -> Received:
        """Check and decrypt one push (``headers`` are case-insensitive)."""
        auth = str(headers.get("Authorization", ""))
        if not Vapid02.verify(auth):
            raise ValueError("VAPID signature does not verify")
        params = dict(p.split("=", 1) for p in auth.split(" ", 1)[1].split(","))
        token = params["t"]
        claims = json.loads(unb64(token.split(".")[1]))
        if claims.get("aud") != self.origin:
            raise ValueError(f"aud {claims.get('aud')!r} is not {self.origin!r}")
        if str(headers.get("Content-Encoding")) != "aes128gcm":
            raise ValueError("not aes128gcm")
        sub = self.subscribers[path]
        plain = http_ece.decrypt(
            body, private_key=sub.key, auth_secret=sub.auth, version="aes128gcm"
        )
        kind = path.split("/")[2]
        status = {"ok": 201, "gone": 410, "missing": 404, "down": 500}[kind]
        return Received(path, status, json.loads(plain), params["k"], claims, headers.get("TTL"))

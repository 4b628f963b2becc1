"""``catpack serve``: the web app on uvicorn (127.0.0.1:8000 by default).

Start-up checks what a person can get wrong before it says anything: the
settings, the data folder, the database (reachable, migrated, not newer than
this catpack), then it binds the port. Each problem is one line saying what
and what to do, with exit status 2. Only once the socket is bound and
listening does it print the address; the bound socket is then handed to
uvicorn, so nothing can take the port in between.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import os
import socket
from typing import TYPE_CHECKING, Annotated, Any

import typer

from catpack.cli.output import JsonOpt
from catpack.domain.errors import ConfigError

if TYPE_CHECKING:
    from catpack.services.setup import Database
    from catpack.settings import Settings

app = typer.Typer()

_PORT_HINT = "choose another port with --port or CATPACK_PORT"
_HOST_HINT = "use --host or CATPACK_HOST (127.0.0.1 serves this machine only)"
_ANY_ADDRESS = ("", "0.0.0.0", "::")
#: Seconds a worker process may take to answer the supervisor's health check.
WORKER_HEALTHCHECK_S = 60
SQLITE_ONE_PROCESS = (
    "--workers {n} needs PostgreSQL: SQLite lets one process write at a time, so more "
    "processes would only queue for its lock (set CATPACK_DATABASE_URL to a PostgreSQL "
    "database, or serve SQLite with one worker)"
)


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is already in use (another catpack or another "
            f"program): stop it, or {_PORT_HINT}"
        )
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port}: {_PORT_HINT} (above 1023)"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"{host} is not an address of this machine: {_HOST_HINT}"
    return f"cannot listen on {host} port {port} ({exc.strerror}): {_HOST_HINT}, or {_PORT_HINT}"


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port`` and listening; ConfigError (one line) if not.

    Port 0 takes a free port (read it back with ``getsockname``).
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except socket.gaierror as exc:
        raise ConfigError(f"cannot listen on {host!r} ({exc.strerror}): {_HOST_HINT}") from None
    sock = socket.socket(family, kind, proto)
    try:
        # As uvicorn does: a restart may reuse a port whose old connections linger.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise ConfigError(_bind_problem(host, port, exc)) from None
    return sock


def address_of(host: str, sock: socket.socket) -> str:
    """The URL to open: a wildcard host is shown as this machine's loopback."""
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in _ANY_ADDRESS else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (default CATPACK_HOST, 127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None,
        typer.Option(
            min=0, max=65535, help="Port (default CATPACK_PORT, 8000; 0 picks a free one)."
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            help="Server processes (default CATPACK_WORKERS, 1; >1 needs PostgreSQL).",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Run the web app and the REST API."""
    import uvicorn

    from catpack import __version__
    from catpack.settings import load_settings
    from catpack.web.app import create_app

    overrides: dict[str, Any] = {"host": host, "port": port, "workers": workers}
    settings = load_settings(**{k: v for k, v in overrides.items() if v is not None})
    if settings.auth == "local" and not _loopback(settings.host):
        raise ConfigError(
            f"{settings.host} can be reached from other machines, and in local mode the pages "
            "need no log-in: set CATPACK_AUTH=accounts to serve them there (docs/security.md)"
        )
    if settings.workers > 1 and settings.resolved_database_url().startswith("sqlite"):
        raise ConfigError(SQLITE_ONE_PROCESS.format(n=settings.workers))
    web = create_app(settings)  # refuses a database it cannot use, before listening
    database = web.state.db.describe()
    try:
        sock = listen(settings.host, settings.port)
    except ConfigError:
        web.state.db.dispose()
        raise
    url = address_of(settings.host, sock)
    if as_json:
        facts = {
            "url": url,
            "port": sock.getsockname()[1],
            "database": database,
            "workers": settings.workers,
        }
        typer.echo(json.dumps({**facts, "version": __version__}))
    else:
        everywhere = " (on every address of this machine)" if settings.host in _ANY_ADDRESS else ""
        processes = f" with {settings.workers} processes" if settings.workers > 1 else ""
        typer.echo(f"catpack is serving on {url}{everywhere}{processes} (Ctrl-C stops)")
        typer.echo(f"database: {database} (`catpack where` shows the one the CLI uses)")
    _hint_local_owner(settings, web.state.db)
    _hint_allowed_hosts(settings)
    if settings.workers > 1:
        web.state.db.dispose()
        with sock:
            _run_workers(settings, sock)
        return
    server = uvicorn.Server(
        uvicorn.Config(web, log_level="warning", forwarded_allow_ips=settings.forwarded_allow_ips)
    )
    with sock:
        server.run(sockets=[sock])
    if not server.started:
        raise ConfigError("the web app did not start: see the message above")


def _hint_allowed_hosts(settings: Settings) -> None:
    """One line on stderr when ``serve`` listens beyond this machine but
    answers only to the loopback names (the default ``CATPACK_ALLOWED_HOSTS``):
    every other machine would get 400 with nothing saying what to set."""
    from catpack import words
    from catpack.settings import LOOPBACK_NAMES

    if _loopback(settings.host) or not set(settings.allowed_hosts) <= set(LOOPBACK_NAMES):
        return
    typer.echo(f"catpack: {words.SERVE_HOSTS_HINT.format(host=settings.host)}", err=True)


def _hint_local_owner(settings: Settings, db: Database) -> None:
    """In accounts mode, one line on stderr while the local owner (the account
    local mode acted for) has cats but no log-in: nobody could reach them, and
    ``catpack account set-login`` is the way."""
    from catpack import words
    from catpack.services.local_login import waiting_cats

    if settings.auth != "accounts":
        return
    cats = waiting_cats(db, settings.cli_user)
    if cats:
        email = settings.cli_user.strip().lower()
        hint = words.SERVE_LOCAL_OWNER_HINT.format(email=email, cats=words.counted(cats, "cat"))
        typer.echo(f"catpack: {hint}", err=True)


def _run_workers(settings: Settings, sock: socket.socket) -> None:
    """``settings.workers`` uvicorn processes on the one listening socket.

    Each process builds its own app from the environment (uvicorn starts them
    fresh), so the settings given as options go to them as CATPACK_* variables.
    The processes share nothing but the database: every state another process
    needs (accounts, tokens, keys, reminders sent) is stored there.
    """
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    os.environ["CATPACK_HOST"] = settings.host
    os.environ["CATPACK_PORT"] = str(sock.getsockname()[1])
    os.environ["CATPACK_WORKERS"] = str(settings.workers)
    config = uvicorn.Config(
        "catpack.web.app:create_app",
        factory=True,
        workers=settings.workers,
        log_level="warning",
        forwarded_allow_ips=settings.forwarded_allow_ips,
        # uvicorn replaces a worker that does not answer its health check in
        # time; its default (5 s) killed workers still starting on a busy machine.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
    )
    Multiprocess(config, sockets=[sock]).run()

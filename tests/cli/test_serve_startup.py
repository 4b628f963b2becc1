"""``catpack serve`` start-up errors tell the truth: one line saying what is
wrong and what to do, exit status 2, and no "serving on" line.

Each case runs the real command in a child process, as a person would.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from catpack.cli.errors import main
from catpack.services.setup import upgrade_database
from catpack.settings import Settings


def serve(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CATPACK_")}
    done = subprocess.run(
        [sys.executable, "-m", "catpack", "serve", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.returncode, done.stdout, done.stderr


def assert_refused(done: tuple[int, str, str], *words: str) -> None:
    code, out, err = done
    assert code == 2, err
    assert "serving" not in out and out == ""
    assert err.startswith("catpack: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for word in words:
        assert word in err


def migrated(folder: Path) -> dict[str, str]:
    upgrade_database(Settings(data_dir=folder))
    return {"CATPACK_DATA_DIR": str(folder)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_port_in_use(tmp_path: Path) -> None:
    env = migrated(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = serve(env, "--port", str(port))
    assert_refused(done, f"port {port} on 127.0.0.1 is already in use", "--port or CATPACK_PORT")


def test_port_in_use_named_by_the_setting(tmp_path: Path) -> None:
    env = migrated(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = serve({**env, "CATPACK_PORT": str(port)})
    assert_refused(done, f"port {port} on 127.0.0.1 is already in use")


def test_data_folder_that_cannot_be_written() -> None:
    folder = Path("/sys/fs")  # exists, and not even root may create files there
    try:
        with tempfile.TemporaryFile(dir=folder):
            pytest.skip(f"{folder} is writable here: no unwritable folder to try")
    except OSError:
        pass
    done = serve({"CATPACK_DATA_DIR": str(folder)})
    assert_refused(done, f"cannot write to the data folder {folder}", "set CATPACK_DATA_DIR")


def test_data_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = serve({"CATPACK_DATA_DIR": str(blocker / "data")})
    assert_refused(done, f"cannot create the data folder {blocker / 'data'}", "CATPACK_DATA_DIR")


def test_unmigrated_database(tmp_path: Path) -> None:
    done = serve({"CATPACK_DATA_DIR": str(tmp_path)})
    assert_refused(done, "is empty", "run `catpack db upgrade` first")


def test_database_newer_than_the_code(tmp_path: Path) -> None:
    env = migrated(tmp_path)
    with sqlite3.connect(tmp_path / "catpack.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    done = serve(env)
    assert_refused(done, "at revision 9999_from_the_future, newer than this catpack")


def test_db_upgrade_refuses_a_newer_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Instead of failing inside Alembic ("can't locate revision")."""
    migrated(tmp_path)
    with sqlite3.connect(tmp_path / "catpack.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    monkeypatch.delenv("CATPACK_DATABASE_URL", raising=False)
    monkeypatch.setenv("CATPACK_DATA_DIR", str(tmp_path))
    assert main(["db", "upgrade"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "newer than this catpack" in err


def test_unreachable_postgresql() -> None:
    pytest.importorskip("psycopg", reason="the postgres extra is not installed")
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test"  # nothing listens
    done = serve({"CATPACK_DATABASE_URL": url})
    assert_refused(done, "cannot open the database", "is the PostgreSQL server running")


def test_postgresql_without_its_driver(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A base install (no psycopg) configured for PostgreSQL says what to install.
    (tests/test_wheel.py sees the same in a real base install.)"""
    monkeypatch.setitem(sys.modules, "psycopg", None)  # `import psycopg` now fails
    monkeypatch.delenv("CATPACK_DATABASE_SCHEMA", raising=False)
    monkeypatch.setenv("CATPACK_DATABASE_URL", "postgresql://postgres@127.0.0.1/test")
    code = main(["serve", "--port", "0"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "driver (psycopg) is not installed" in err and "catpack[postgres]" in err


@pytest.mark.parametrize(
    ("host", "url", "loopback"),
    [
        ("127.0.0.1", "http://127.0.0.1:{port}/", True),
        ("localhost", "http://localhost:{port}/", True),
        ("::1", "http://[::1]:{port}/", True),
        ("0.0.0.0", "http://127.0.0.1:{port}/", False),
    ],
)
def test_address_shown_and_the_warning_beyond_this_machine(
    host: str, url: str, loopback: bool
) -> None:
    from catpack.cli.serve import _loopback, address_of

    with socket.socket() as bound:  # bound only, never listening beyond loopback
        bound.bind(("127.0.0.1", 0))
        assert address_of(host, bound) == url.format(port=bound.getsockname()[1])
    assert _loopback(host) is loopback


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10"])
def test_local_mode_refuses_to_serve_beyond_this_machine(tmp_path: Path, host: str) -> None:
    """Finding: ``CATPACK_HOST=0.0.0.0`` served the pages to the whole network
    with no log-in and no warning. In local mode (the default) serve refuses,
    before binding, and says to use accounts mode."""
    env = migrated(tmp_path)
    assert_refused(serve({**env, "CATPACK_HOST": host}), host, "CATPACK_AUTH=accounts")
    assert_refused(serve(env, "--host", host), "CATPACK_AUTH=accounts")


def test_several_workers_need_postgresql(tmp_path: Path) -> None:
    env = migrated(tmp_path)
    assert_refused(serve(env, "--workers", "2", "--port", "0"), "--workers 2 needs PostgreSQL")
    assert_refused(serve({**env, "CATPACK_WORKERS": "3"}, "--port", "0"), "--workers 3 needs")
    # Said first: no "run db upgrade" for a database that could not be served anyway.
    empty = {"CATPACK_DATA_DIR": str(tmp_path / "new")}
    assert_refused(serve(empty, "--workers", "2"), "--workers 2 needs PostgreSQL")

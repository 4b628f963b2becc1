"""``catpack where`` names the data folder and database in use; ``--version``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import catpack
from catpack.cli.errors import main
from catpack.store import migrate


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("CATPACK_DATABASE_URL", "CATPACK_DATABASE_SCHEMA", "CATPACK_PORT"):
        monkeypatch.delenv(name, raising=False)
    folder = tmp_path / "shared data"
    monkeypatch.setenv("CATPACK_DATA_DIR", str(folder))
    return folder


def test_where_names_the_folder_and_database_and_their_state(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "where")
    assert code == 0
    assert f"data folder  {data_dir}  (CATPACK_DATA_DIR)" in out
    assert f"sqlite:///{data_dir / 'catpack.db'}" in out
    assert "not created yet: `catpack db upgrade` creates it" in out
    assert not data_dir.exists()  # asking where creates nothing
    assert "same CATPACK_DATA_DIR" in out  # server and CLI must share it
    assert run(capsys, "db", "upgrade")[0] == 0
    code, out = run(capsys, "where", "--json")
    facts = json.loads(out)
    assert facts["database"] == f"sqlite:///{data_dir / 'catpack.db'}"
    assert facts["up_to_date"] is True and facts["revision"] == migrate.head_revision()
    assert facts["server"] == "http://127.0.0.1:8000/"


def test_where_reports_a_database_it_cannot_use_instead_of_failing(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir()
    (data_dir / "catpack.db").touch()  # there, but never migrated
    code, out = run(capsys, "where", "--json")
    assert code == 0
    facts = json.loads(out)
    assert facts["up_to_date"] is False and "run `catpack db upgrade` first" in facts["status"]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "--version")
    assert code == 0 and out == f"catpack {catpack.__version__}\n"

"""The wheel works alone.

Built from this checkout (as ``pipx install .`` or ``uv tool install .``
would build it), installed into a fresh virtual environment with only its
base dependencies, it creates the database, fills a demo household and serves
pages, styles, scripts and the progress chart: every template, static file,
migration and data file is inside, and nothing the app needs hides in the
dev extra.

The base dependencies come from a wheelhouse kept between runs
(``CATPACK_TEST_WHEELHOUSE``, default in the user cache folder) and are
installed with ``--no-index``; only dependencies missing there are downloaded.
When the wheel cannot be built here (no flit_core) or the dependencies can be
neither found nor downloaded, the test is skipped and says why.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "catpack"
pytestmark = pytest.mark.wheel


def _run(*args: str | Path, timeout: float = 300, **kwargs: object) -> str:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=timeout, **kwargs
    )
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, args))} exited {done.returncode}:\n"
                             f"{done.stdout[-2000:]}\n{done.stderr[-3000:]}")  # fmt: skip
    return done.stdout


def _pip(*args: str | Path) -> list[str | Path]:
    return [sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check", *args]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("flit_core") is None:
        pytest.skip("cannot build the wheel: flit_core is not installed (the dev extra has it)")
    work = tmp_path_factory.mktemp("wheel")
    source = work / "checkout"  # a copy: the build leaves nothing in the checkout
    shutil.copytree(
        ROOT / "src",
        source / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"),
    )
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    _run(*_pip("wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", work, source))
    (built,) = work.glob("catpack-*.whl")
    return built


def test_the_wheel_holds_every_file_of_the_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = archive.read(metadata).decode()
    expected = {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    assert expected - names == set()
    assert "License-Expression: MIT" in meta
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    base = [line for line in meta.splitlines() if line.startswith("Requires-Dist:")]
    base = [line for line in base if "extra ==" not in line]
    for dev_or_optional in ("psycopg", "pytest", "playwright", "aiohttp", "mypy", "httpx"):
        assert not any(dev_or_optional in line for line in base), dev_or_optional


def _wheelhouse() -> Path:
    configured = os.environ.get("CATPACK_TEST_WHEELHOUSE")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("catpack", appauthor=False)) / "test-wheelhouse"


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel and its base dependencies only."""
    env_dir = tmp_path_factory.mktemp("fresh") / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", env_dir)
    python = env_dir / "bin" / "python"
    house = _wheelhouse()
    house.mkdir(parents=True, exist_ok=True)
    install = _pip(
        "--python", python, "install", "--no-index", "--find-links", house, "--no-compile", wheel
    )
    try:
        _run(*install)
    except AssertionError:
        # A catpack wheel left in the house (by another checkout's run) would be
        # taken as already downloaded, with its own, older dependencies.
        for stale in house.glob("catpack-*.whl"):
            stale.unlink()
        try:  # fetch what the wheelhouse lacks (first run, or new dependencies)
            _run(*_pip("download", "--dest", house, wheel), timeout=600)
        except AssertionError as error:
            pytest.skip(f"the base dependencies are not in {house} and cannot be downloaded "
                        f"({str(error).strip().splitlines()[-1]})")  # fmt: skip
        # A dependency published only as source (http-ece) is built into a wheel
        # here, so the offline install needs no build tools.
        sdists = sorted(house.glob("*.tar.gz"))
        if sdists:
            _run(*_pip("wheel", "--no-deps", "--wheel-dir", house, *sdists), timeout=600)
        _run(*install)
    return env_dir


@pytest.fixture
def env(venv: Path, tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CATPACK_", "PYTHON"))}
    return {**clean, "CATPACK_DATA_DIR": str(tmp_path / "data"), "CATPACK_PORT": "0"}


def test_the_installed_wheel_runs_alone(venv: Path, env: dict[str, str], tmp_path: Path) -> None:
    bin_dir = venv / "bin"
    where = _run(bin_dir / "python", "-c", "import catpack; print(catpack.__file__)", cwd=tmp_path)
    assert where.startswith(str(venv))  # the installed copy, not this checkout
    for dev_only in ("pytest", "psycopg", "playwright", "httpx2"):
        probe = f"import importlib.util as u; print(u.find_spec({dev_only!r}) is None)"
        assert _run(bin_dir / "python", "-c", probe).strip() == "True", dev_only
    catpack = bin_dir / "catpack"
    assert "is at revision" in _run(catpack, "db", "upgrade", env=env, cwd=tmp_path)
    demo = json.loads(_run(catpack, "demo", "--json", env=env, cwd=tmp_path, timeout=600))
    cat_id = next(c["id"] for c in demo if c["name"] == "Pepper")
    scripts = [f"/static/vendor/{p.name}" for p in (PACKAGE / "web/static/vendor").glob("*.js")]
    with _serving(catpack, env, tmp_path) as base:
        for path, kind in [
            ("/", "text/html"),
            (f"/cats/{cat_id}/history", "text/html"),
            (f"/cats/{cat_id}/progress.svg", "image/svg+xml"),
            ("/static/app.css", "text/css"),
            *[(script, "") for script in scripts],
            ("/api/v1/protocol", "application/json"),
        ]:  # fmt: skip
            with urllib.request.urlopen(base + path, timeout=30) as response:
                assert response.status == 200, path
                assert response.headers["content-type"].startswith(kind), path
                assert response.read(), path


def test_the_base_install_says_what_postgresql_needs(venv: Path, env: dict[str, str]) -> None:
    done = subprocess.run(
        [venv / "bin" / "catpack", "db", "status"],
        env={**env, "CATPACK_DATABASE_URL": "postgresql://postgres@127.0.0.1/test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "driver (psycopg) is not installed" in done.stderr
    assert "pip install 'catpack[postgres]'" in done.stderr


class _serving:
    """``catpack serve`` in the fresh environment until the block ends."""

    def __init__(self, catpack: Path, env: dict[str, str], cwd: Path) -> None:
        self.proc = subprocess.Popen(
            [str(catpack), "serve"], env=env, cwd=cwd, stdout=subprocess.PIPE, text=True
        )

    def __enter__(self) -> str:
        assert self.proc.stdout is not None
        banner = self.proc.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", banner)
        assert found, f"no address in {banner!r} (exit {self.proc.poll()})"
        return found.group(0).rstrip("/")

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()

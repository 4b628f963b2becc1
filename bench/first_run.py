"""First `make run` on a fresh machine: before and after, measured the same way.

For each git revision (the baseline first, then the candidate, alternating
the order each round): a fresh clone into a temporary folder, an empty pip
cache folder given to pip (``PIP_CACHE_DIR``), then ``make run`` is timed until
the first page (``GET /``) answers 200. The server is stopped at once; the
clone, the cache and the data folder are deleted. Prints each time and the
ratio candidate / baseline (lower is faster).

    python bench/first_run.py                       # merge-base with main vs HEAD
    python bench/first_run.py --baseline main --candidate pkg --rounds 2

Downloads go to the network (the pip cache is empty by design), so other
traffic on the machine shows up in the figures; compare ratios from one run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _git(*args: str, cwd: Path = REPO) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout.strip()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


def first_run(sha: str, timeout_s: float) -> tuple[float, int]:
    """Seconds from `make run` to the first page, and the packages installed."""
    root = Path(tempfile.mkdtemp(prefix="catpack-first-run-"))
    try:
        clone = root / "catpack"
        _git("clone", "--quiet", str(REPO), str(clone))
        _git("checkout", "--quiet", sha, cwd=clone)
        (root / "pip-cache").mkdir()
        port = _free_port()
        env = {
            **os.environ,
            "PIP_CACHE_DIR": str(root / "pip-cache"),
            "CATPACK_DATA_DIR": str(root / "data"),
            "CATPACK_PORT": str(port),
        }
        env.pop("CATPACK_DATABASE_URL", None)
        log = (root / "make-run.log").open("w")
        start = time.perf_counter()
        proc = subprocess.Popen(
            ["make", "run"],
            cwd=clone,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            while not _answers(f"http://127.0.0.1:{port}/"):
                if proc.poll() is not None:
                    raise SystemExit(
                        f"make run at {sha[:10]} exited {proc.returncode}:\n"
                        + (root / "make-run.log").read_text()[-3000:]
                    )
                if time.perf_counter() - start > timeout_s:
                    raise SystemExit(f"make run at {sha[:10]}: no page after {timeout_s:.0f} s")
                time.sleep(0.2)
            elapsed = time.perf_counter() - start
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            log.close()
        listed = subprocess.run(
            [str(clone / ".venv/bin/python"), "-m", "pip", "list", "--format=freeze"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return elapsed, len(listed.splitlines())
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="git revision (default: merge-base of HEAD and main)")
    parser.add_argument("--candidate", default="HEAD", help="git revision (default: HEAD)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per make run")
    args = parser.parse_args()
    baseline = _git("rev-parse", args.baseline or _git("merge-base", "HEAD", "main"))
    candidate = _git("rev-parse", args.candidate)
    times: dict[str, list[float]] = {baseline: [], candidate: []}
    for round_ in range(args.rounds):
        order = [baseline, candidate] if round_ % 2 == 0 else [candidate, baseline]
        for sha in order:
            seconds, packages = first_run(sha, args.timeout)
            times[sha].append(seconds)
            name = "baseline " if sha == baseline else "candidate"
            print(
                f"round {round_ + 1} {name} {sha[:10]}: {seconds:6.1f} s to the first page, "
                f"{packages} packages in .venv",
                flush=True,
            )
    before = statistics.median(times[baseline])
    after = statistics.median(times[candidate])
    print(
        f"first `make run` (median of {args.rounds}): before {before:.1f} s, "
        f"after {after:.1f} s, ratio after/before {after / before:.2f}"
    )


if __name__ == "__main__":
    main()

"""What the BTHome decoder costs to load: catpack's own parser vs the bthome-ble library.

Runs each import in a fresh interpreter, interleaved, 9 times, and prints the
median start-up cost over a bare interpreter measured in the same run.
bthome-ble is a dev dependency (the tests compare decoders with it).

    python bench/sensor_deps.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

OWN = Path(__file__).resolve().parents[1] / "src" / "catpack" / "sensor" / "bthome.py"
CASES = {
    "bare interpreter": "pass",
    # the module file alone (importing catpack would also load the engine)
    "catpack's parser": (
        "import sys, importlib.util as u; s = u.spec_from_file_location('bthome', "
        f"{str(OWN)!r}); m = u.module_from_spec(s); sys.modules['bthome'] = m; "
        "s.loader.exec_module(m)"
    ),
    "bthome-ble": "import bthome_ble.parser",
}


def main(runs: int = 9) -> None:
    times: dict[str, list[float]] = {k: [] for k in CASES}
    for _ in range(runs):
        for name, code in CASES.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["bare interpreter"])
    cost = {k: statistics.median(v) - base for k, v in times.items()}
    for name, value in cost.items():
        print(f"{name:18s} {1000 * (value + base):6.0f} ms  (+{1000 * value:4.0f} ms to import)")
    ratio = cost["bthome-ble"] / cost["catpack's parser"]
    print(f"bthome-ble / catpack's parser, import cost: {ratio:.1f}x")


if __name__ == "__main__":
    main()

"""Time a 6-peildatum ``evalkit series`` beside one ``evalkit run`` of the example (goal: under 2x).

Run it with the project's environment:

    .venv/bin/python benchmarks/bench_series.py [--runs 3]

Each command is a fresh process through the ``evalkit`` console script, in a
scratch copy of the project. The series is the example's config with six
quarterly peildata, 31-10-2018 to 31-01-2020; it reads and checks the file
once and starts one kernel per series stage, where six single runs would read
the file six times and start six kernels each.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bench_run import PARTS, ROOT, machine


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    evalkit = str(Path(sys.executable).with_name("evalkit"))
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        for part in PARTS:
            shutil.copytree(ROOT / part, project / part)
        config = yaml.safe_load((project / "configs/example.yml").read_text(encoding="utf-8"))
        config["series"] = {"every": 3, "start": "2018-10-31"}
        (project / "configs/six.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        single = [timed([evalkit, "run", "configs/example.yml", "--force"], project)
                  for _ in range(args.runs)]
        series = [timed([evalkit, "series", "configs/six.yml", "--force"], project)
                  for _ in range(args.runs)]
    one, many = statistics.median(single), statistics.median(series)
    print(f"machine: {machine()}")
    print(f"evalkit run    (example): median of {args.runs}: {one:.1f} s")
    print(f"evalkit series (6 peildata): median of {args.runs}: {many:.1f} s "
          f"({many / one:.2f} x a single run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time ``evalkit run`` on the example: several runs, median per stage and in total.

Run it with the project's environment (after ``python3 tasks.py setup``):

    .venv/bin/python benchmarks/bench_run.py [--runs 5] [--config configs/example.yml]

Each run is a fresh process through the ``evalkit`` console script, as a user
starts it, in a scratch copy of the project so ``reports/`` is left alone. Stage
times come from the run's manifest; the total is the wall time of the process
(kernel start-up and report building included).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("configs", "notebooks", "data/raw", "data/external", "expectations", "frameworks")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def scratch_copy(project: Path) -> Path:
    """Copy the parts of the project a run reads into ``project`` and return it."""
    for part in PARTS:
        if (ROOT / part).exists():
            shutil.copytree(ROOT / part, project / part)
    return project


def print_result(title: str, rows: list[tuple[str, float, str]], extra: str = "") -> None:
    """Print a benchmark's result: its title, the machine, then one line per measured figure."""
    print(title)
    print(f"machine: {machine()}{extra}")
    for label, value, unit in rows:
        print(f"  {label:<42} {value:8.2f} {unit}")


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    """Run a command to its end; its wall seconds and the finished process (exits when it failed)."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return time.perf_counter() - started, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--config", default="configs/example.yml")
    args = parser.parse_args()
    evalkit = Path(sys.executable).with_name("evalkit")

    stage_times: dict[str, list[float]] = {}
    totals = []
    with tempfile.TemporaryDirectory() as tmp:
        project = scratch_copy(Path(tmp) / "project")
        for number in range(1, args.runs + 1):
            seconds, done = timed([str(evalkit), "run", args.config, "--force"], project)
            totals.append(seconds)
            report = done.stdout.strip().splitlines()[-1].removeprefix("Report: ")
            manifest = json.loads((project / report).with_name("manifest.json").read_text())
            for stage, info in manifest["stages"].items():
                stage_times.setdefault(stage, []).append(info["seconds"])
            print(f"run {number}/{args.runs}: {totals[-1]:.1f} s", file=sys.stderr)

    print(f"evalkit run {args.config}: median of {args.runs} runs")
    print(f"machine: {machine()}")
    for stage, times in stage_times.items():
        print(f"  {stage:<28} {statistics.median(times):6.2f} s")
    print(f"  {'total (wall, whole command)':<28} {statistics.median(totals):6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

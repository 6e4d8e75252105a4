"""Time an unchanged re-run of ``evalkit run`` against the first run (goal: at most 0.1x).

Run it with the project's environment:

    .venv/bin/python benchmarks/bench_rerun.py [--runs 3]

Each round copies the project to a fresh scratch folder, times the first run
there and then the same command again, with nothing changed: the second finds
that its run folder already holds this very run (``pipeline.unchanged_run``)
and reuses it. Then it changes the discount rate in a copy of the config and
times that run, which reuses the stages that read neither it nor a table it changes
(``evalkit.reuse``).
All are fresh processes through the ``evalkit`` console script, as a user
starts them; the rounds interleave them.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from bench_run import PARTS, ROOT, machine


def timed(command: list[str], cwd: Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True)
    return time.perf_counter() - started, done.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    evalkit = str(Path(sys.executable).with_name("evalkit"))
    first, again, changed, kept = [], [], [], set()
    for number in range(1, args.runs + 1):
        with tempfile.TemporaryDirectory() as scratch:
            project = Path(scratch)
            for part in PARTS:
                shutil.copytree(ROOT / part, project / part)
            seconds, _ = timed([evalkit, "run"], project)
            first.append(seconds)
            seconds, said = timed([evalkit, "run"], project)
            if "reused all" not in said:
                raise SystemExit(f"the re-run was not reused:\n{said}")
            again.append(seconds)
            config = yaml.safe_load((project / "configs/example.yml").read_text(encoding="utf-8"))
            config["cost_benefit"]["discount_rate"]["value"] = 0.025
            (project / "configs/rate.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
            seconds, said = timed([evalkit, "run", "configs/rate.yml"], project)
            reused = re.search(r"reused (\d) stages .*: ([\w, ]+) \(--force", said)
            if not reused or "00_data_checks" not in reused[2] or "30_cost" in reused[2]:
                raise SystemExit(f"the stages before the cost-benefit were not reused:\n{said}")
            kept.add(f"{reused[1]} of 7 stages reused: {reused[2]}")
            changed.append(seconds)
        print(f"round {number}/{args.runs}: first {first[-1]:.1f} s, re-run {again[-1]:.2f} s, "
              f"discount rate changed {changed[-1]:.1f} s", file=sys.stderr)
    one, two, three = (statistics.median(first), statistics.median(again),
                       statistics.median(changed))
    print(f"machine: {machine()}")
    print(f"evalkit run, first run:     median of {args.runs}: {one:.1f} s")
    print(f"evalkit run, unchanged run: median of {args.runs}: {two:.2f} s "
          f"({two / one:.3f} x the first run)")
    print(f"evalkit run, discount rate changed ({'; '.join(sorted(kept))}): median of "
          f"{args.runs}: {three:.1f} s ({three / one:.2f} x the first run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

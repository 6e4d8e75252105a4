"""Time and peak memory of the data checks and the outflow stage on a large file.

    .venv/bin/python benchmarks/bench_scale.py [--people 300000]

Writes a synthetic file of that many people (``evalkit.synth.make_large``: the
example repeated with fresh pseudonyms) into a scratch copy of the project,
runs ``evalkit run`` with the stages 00_data_checks and 20_outflow (every stage of
the example with ``--whole``), and prints
each stage's wall time (from the manifest), the whole command's wall time and
the peak resident memory of the largest process (a kernel, as a rule). Runs the
1000-person example the same way for comparison; ``--pairs N`` runs both N times, one after
the other, and prints the medians and each pair's ratio.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_run import PARTS, machine  # noqa: E402


def run_once(people: int | None, whole: bool = False) -> dict:
    from evalkit import io, synth

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        for part in PARTS:
            shutil.copytree(ROOT / part, project / part)
        config = yaml.safe_load((project / "configs/example.yml").read_text())
        if not whole:
            config["stages"] = ["00_data_checks", "20_outflow"]
        else:
            # Eindhoven's own amounts and published tables do not fit a file 300 times as large;
            # without them the run is that of a municipality without cost data (as Lingedal).
            config.pop("cost_benefit", None)
            config.pop("reference_case", None)
        if people is not None:
            io.atomic_write_bytes(project / "data/raw/large.csv",
                                  synth.to_csv_bytes(synth.make_large(people)))
            config["input_file"] = "data/raw/large.csv"
        (project / "configs/bench.yml").write_text(yaml.safe_dump(config))
        evalkit = Path(sys.executable).with_name("evalkit")
        started = time.perf_counter()
        done = subprocess.run([str(evalkit), "run", "configs/bench.yml"], cwd=project,
                              capture_output=True, text=True)
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        report = done.stdout.strip().splitlines()[-1].removeprefix("Report: ")
        manifest = json.loads((project / report).with_name("manifest.json").read_text())
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"stages": {k: v["seconds"] for k, v in manifest["stages"].items()},
            "wall": wall, "peak_mib": peak_mib}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=300_000)
    parser.add_argument("--whole", action="store_true",
                        help="every stage of the example config, not only the two that grow most")
    parser.add_argument("--pairs", type=int, default=1,
                        help="run the 1,000 and the large file this many times, one after the "
                             "other, and report medians (the machine's speed drifts)")
    args = parser.parse_args()
    smalls, larges = [], []
    for number in range(1, args.pairs + 1):
        smalls.append(run_once(None, args.whole))
        larges.append(run_once(args.people, args.whole))
        print(f"pair {number}/{args.pairs}: {smalls[-1]['wall']:.1f} s, {larges[-1]['wall']:.1f} s "
              f"({larges[-1]['wall'] / smalls[-1]['wall']:.2f} x)", file=sys.stderr)

    def median(runs: list[dict], stage: str | None = None) -> float:
        return statistics.median(r["wall"] if stage is None else r["stages"][stage] for r in runs)

    ratios = [large["wall"] / small["wall"] for small, large in zip(smalls, larges, strict=True)]
    print(f"machine: {machine()}" + (f"; medians of {args.pairs} pairs" if args.pairs > 1 else ""))
    print(f"{'':28} {'1,000 people':>14} {f'{args.people:,} people':>16}")
    for stage in smalls[0]["stages"]:
        print(f"  {stage:<26} {median(smalls, stage):>12.1f} s {median(larges, stage):>14.1f} s")
    print(f"  {'whole command':<26} {median(smalls):>12.1f} s {median(larges):>14.1f} s "
          f"({statistics.median(ratios):.2f} x)")
    if args.pairs > 1:
        print(f"  {'ratio of each pair':<26} {', '.join(f'{r:.2f}' for r in ratios)}")
    # ru_maxrss of the children is a maximum over every run so far: the first 1,000-person run
    # is the only one measured alone
    print(f"  {'peak memory (largest process)':<26} {smalls[0]['peak_mib']:>10.0f} MiB "
          f"{max(r['peak_mib'] for r in larges):>12.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

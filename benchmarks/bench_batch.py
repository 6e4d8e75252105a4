"""Time ``evalkit batch`` against the same evaluations run one by one with ``evalkit run``.

Run it with the project's environment (after ``python3 tasks.py setup``):

    .venv/bin/python benchmarks/bench_batch.py [--config configs/example_region.yml]

In a scratch copy of the project: first the batch (all cores, every evaluation
recomputed), then each municipality's config that the batch wrote, one
``evalkit run --force`` after the other, as an evaluator without ``batch``
would. Both make the same run folders; the wall seconds and their ratio are
printed, with the batch's peak memory over all its processes.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_run import print_result, scratch_copy, timed  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="configs/example_region.yml")
    parser.add_argument("--jobs", type=int, default=None, help="batch workers (all cores)")
    args = parser.parse_args()
    evalkit = str(Path(sys.executable).with_name("evalkit"))
    with tempfile.TemporaryDirectory() as tmp:
        project = scratch_copy(Path(tmp) / "project")
        command = [evalkit, "batch", args.config, "--force"]
        if args.jobs:
            command += ["--jobs", str(args.jobs)]
        batch_s, done = timed(command, project)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20
        runs_csv = project / done.stdout.splitlines()[0].removeprefix("Runs: ")
        configs = sorted((runs_csv.parent / "configs").glob("*.yml"))
        single_s = []
        for number, config in enumerate(configs, start=1):
            seconds, _ = timed([evalkit, "run", str(config.relative_to(project)), "--force"],
                               project)
            single_s.append(seconds)
            print(f"single {number}/{len(configs)} {config.stem}: {seconds:.1f} s",
                  file=sys.stderr)
    print_result(f"evalkit batch {args.config} against its {len(configs)} evaluations one by one",
                 [("evalkit batch (wall)", batch_s, "s"),
                  (f"{len(configs)} x evalkit run, one by one (wall)", sum(single_s), "s"),
                  ("ratio batch / one by one", batch_s / sum(single_s), "x"),
                  ("largest single process of the batch", peak, "GiB (ru_maxrss)")],
                 extra=f"; batch workers: {args.jobs or os.cpu_count()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time ``evalkit run`` against its floor: the same evalkit calls in one process, no kernel.

Run it with the project's environment (after ``python3 tasks.py setup``):

    .venv/bin/python benchmarks/bench_floor.py [--runs 5] [--config configs/example.yml]
    .venv/bin/python benchmarks/bench_floor.py --profile      # where the floor's time goes

The floor reads and checks the input (``prepare.prepare_run``), runs every code
cell of every stage notebook in this one Python process, with the same
restarts when the disclosure audit asks an earlier table to hide a cell
(``pipeline.run_stages``), and audits all tables together: everything a run
computes, without kernels, papermill, nbconvert or the manifest. Output that a
notebook would show is thrown away.

The command and the floor alternate (command, floor, command, floor, ...), each
a fresh process in its own scratch copy of the project, so that a machine
busy for a while slows both alike; the medians and their ratio are printed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_run import print_result, scratch_copy, timed  # noqa: E402


def floor(config_file: str, profile: bool = False) -> float:
    """Run the evaluation's computations in this process; return the seconds they took."""
    import shutil

    import evalkit

    evalkit.lighten_command()  # as the command does: the floor does not pay what the run skips
    from evalkit.config import read_config
    from evalkit.pipeline import audit_run, run_stages, stage_notebook
    from evalkit.paths import ProjectPaths, RunPaths
    from evalkit.prepare import prepare_run
    from evalkit.stage import CELLS

    started = time.perf_counter()
    paths = ProjectPaths.discover()
    config_path = paths.resolve(config_file)
    config = read_config(config_path)
    staging = paths.reports / f".{config.run_id}.floor"
    if staging.exists():
        shutil.rmtree(staging)
    processed = paths.processed_dir(config.run_id)
    run = RunPaths(staging)
    loaded = prepare_run(config_path, config, paths, run, processed)
    parameters = {"config_path": paths.relative(config_path), "run_dir": paths.relative(staging),
                  "processed_dir": paths.relative(processed)}

    def execute(stage: str) -> float:
        began = time.perf_counter()
        notebook = stage_notebook(paths.notebook(stage), config, loaded.clients)
        from IPython.display import display

        namespace: dict = {"__name__": "__main__", "display": display}
        with contextlib.redirect_stdout(io.StringIO()):
            for cell in notebook.cells:
                if cell.cell_type != "code":
                    continue
                exec(compile(cell.source, f"<{stage}>", "exec"), namespace)  # noqa: S102
                if "parameters" in cell.metadata.get("tags", []):
                    namespace.update(parameters)
        return time.perf_counter() - began

    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
    seconds = run_stages(list(config.stages), execute, staging, processed / CELLS)
    audit_run(processed / CELLS, config.disclosure_threshold, run)
    total = time.perf_counter() - started
    if profile:
        profiler.disable()
        for stage, took in seconds.items():
            print(f"  {stage:<28} {took:6.2f} s (its last pass)")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--config", default="configs/example.yml")
    parser.add_argument("--profile", action="store_true",
                        help="profile one floor run in this process and print where time goes")
    parser.add_argument("--floor-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_only or args.profile:
        print(f"{floor(args.config, args.profile):.3f}")
        return 0

    python = Path(sys.executable)
    evalkit = python.with_name("evalkit")
    command, floors = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for number in range(1, args.runs + 1):
            seconds, _ = timed([str(evalkit), "run", args.config, "--force"],
                               scratch_copy(Path(tmp) / f"run{number}"))
            command.append(seconds)
            seconds, _ = timed([str(python), __file__, "--floor-only", "--config", args.config],
                               scratch_copy(Path(tmp) / f"floor{number}"))
            floors.append(seconds)
            print(f"pair {number}/{args.runs}: run {command[-1]:.1f} s, floor {floors[-1]:.1f} s",
                  file=sys.stderr)
    run_s, floor_s = statistics.median(command), statistics.median(floors)
    print_result(f"evalkit run {args.config} against its in-process floor: median of "
                 f"{args.runs}, interleaved",
                 [("evalkit run (wall, whole command)", run_s, "s"),
                  ("floor (wall, one process)", floor_s, "s"),
                  ("ratio", run_s / floor_s, "x")])
    return 0


if __name__ == "__main__":
    sys.exit(main())

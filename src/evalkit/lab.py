"""Open the workbook's notebooks in JupyterLab for students (``evalkit lab``).

The example is prepared first, as a notebook opened on its own would prepare
it (``stage.open_stage``), so the first "Run All" starts at once. JupyterLab
serves ``notebooks/`` on the loopback address only, behind a fresh token; the
address is printed before the server starts.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import socket
import subprocess
import sys
from collections.abc import Callable

from evalkit.errors import LabError
from evalkit.paths import ProjectPaths, RunPaths


def free_port() -> int:
    """A TCP port on the loopback address that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def address(port: int, token: str) -> str:
    """The address a student opens in the browser."""
    return f"http://127.0.0.1:{port}/lab?token={token}"


def lab_command(project: ProjectPaths, port: int, token: str, browser: bool) -> list[str]:
    """The ``jupyter lab`` command line: the notebooks folder, loopback only, this token."""
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={project.notebooks}",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.open_browser={browser}",
               # Nothing calls home from a municipality's machine: no news feed, no update check.
               "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # CI machines and containers run as root
    return command


def prepare_example(project: ProjectPaths, config: str) -> bool:
    """Prepare the scratch run the notebooks open with their default parameters.

    Returns
    -------
    bool
        Whether it was prepared (False: the one there was reused).
    """
    from evalkit.prepare import prepare_scratch
    from evalkit.stage import SCRATCH

    return prepare_scratch(project.resolve(config), project, RunPaths(project.run_dir(SCRATCH)),
                           project.processed_dir(SCRATCH))


def start(project: ProjectPaths, config: str, port: int | None, browser: bool,
          say: Callable[[str], None]) -> int:
    """Prepare the example, print the address and serve the notebooks until stopped.

    Returns
    -------
    int
        JupyterLab's exit code.

    Raises
    ------
    LabError
        When JupyterLab is not installed here.
    """
    if importlib.util.find_spec("jupyterlab") is None:
        raise LabError("JupyterLab is not installed in this environment; "
                       "python3 tasks.py lab installs it (requirements-student.lock)")
    from evalkit.stage import SCRATCH

    prepared = prepare_example(project, config)
    say(f"example {'prepared' if prepared else 'ready'}: "
        f"{project.relative(project.run_dir(SCRATCH))}")
    port = port or free_port()
    token = secrets.token_hex(16)
    say(f"JupyterLab on {project.relative(project.notebooks)}/: {address(port, token)}")
    say("stop it with Ctrl-C")
    try:
        return subprocess.call(lab_command(project, port, token, browser), cwd=project.notebooks)
    except KeyboardInterrupt:
        return 0

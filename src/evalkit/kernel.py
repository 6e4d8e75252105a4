"""One Jupyter kernel for all the stages of a run, started once, its libraries imported once.

A stage notebook used to start a kernel of its own, and every kernel imported
pandas, matplotlib, lifelines and statsmodels again: about four seconds a stage
before its first cell ran, thirteen times on the example (the disclosure audit
runs most stages twice). ``RunKernel`` starts one kernel, imports the libraries
the stage notebooks use while the run's own process reads and checks the input
(the two run side by side on two cores), and before every stage clears
what the previous one left: its variables (``%reset``), its figures, the
figure style, the warnings already shown, and the execution count. Every stage
notebook therefore starts as it would on a kernel of its own, and its executed
copy in the run folder is the same; what is kept is only ``sys.modules``,
which changes no result.

The kernel runs on local IPC sockets (no TCP port is opened), and its own
stderr goes to ``logs/kernel.log`` in the run folder: ipykernel sometimes logs
a harmless ZMQ traceback while shutting down, which a user must not see on the
terminal.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

KERNEL_NAME = "python3"

#: How long the kernel may take to start and import its libraries on a busy machine.
STARTUP_SECONDS = 300

#: Libraries the stage notebooks use through evalkit, imported when the kernel starts.
LIBRARIES = ("numpy", "pandas", "scipy.stats", "matplotlib", "matplotlib.pyplot", "seaborn",
             "lifelines", "statsmodels.stats.proportion", "IPython.display")

# The imports of the stage notebooks' code cells: `from evalkit import a, b` and `import x`.
_FROM_EVALKIT = re.compile(r"^from evalkit import (?:\(([\w\s,]+)\)|([\w ,]+)$)", re.MULTILINE)
_IMPORT = re.compile(r"^import ([\w.]+)", re.MULTILINE)


def notebook_modules(notebooks: list) -> list[str]:
    """The modules the given notebooks import, in a fixed order (``evalkit.<name>`` by name).

    Parameters
    ----------
    notebooks : list of nbformat.NotebookNode

    Returns
    -------
    list of str
        Sorted module names, without duplicates.
    """
    found: set[str] = set()
    for notebook in notebooks:
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            for grouped, plain in _FROM_EVALKIT.findall(cell.source):
                names = grouped or plain
                found.update(f"evalkit.{n.strip()}" for n in names.split(",") if n.strip())
            found.update(_IMPORT.findall(cell.source))
    return sorted(found)


def warm(modules: list[str]) -> None:
    """Import the libraries and the given modules in the kernel as it starts.

    Runs as the kernel's ``exec_lines``, before it answers its first request.
    A module that fails to import here is skipped: it fails again, with its
    traceback, in the stage that imports it.
    """
    import gc
    import importlib

    for name in (*LIBRARIES, *modules):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - reported by the stage that needs it
            pass
    _INITIAL_FILTERS[:] = __import__("warnings").filters[:]
    # The libraries' objects live as long as the kernel: out of the collector's sight, the
    # garbage collection of every %reset between stages scans only what stages made
    # (0.15 s a stage less; gc.freeze is there for this).
    gc.collect()
    gc.freeze()


def fresh_namespace() -> None:
    """Make the running kernel look like a new one to the next stage notebook.

    Clears the user's variables and IPython's output history (``%reset -f``),
    closes every figure and restores matplotlib's style to the defaults of
    its rc file, forgets which warnings were already shown (so a stage shows
    the warnings a kernel of its own would), and restarts the execution count
    at 1, and stops recording which config fields and published tables are read
    (``config.record_reads``, ``stage.record_table_reads``).
    Imported modules stay: that is the point of sharing the kernel.
    """
    import sys
    import warnings

    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    shell.run_line_magic("reset", "-f")
    if "evalkit.config" in sys.modules:
        sys.modules["evalkit.config"].record_reads(False)
    if "evalkit.stage" in sys.modules:
        sys.modules["evalkit.stage"].record_table_reads(False)
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib
        import matplotlib.pyplot as plt

        plt.close("all")
        matplotlib.rc_file_defaults()
    for module in list(sys.modules.values()):
        registry = getattr(module, "__warningregistry__", None)
        if isinstance(registry, dict):
            registry.clear()
    if _INITIAL_FILTERS:
        warnings.filters[:] = _INITIAL_FILTERS
    # Private, but the only way to make Python drop its cache of the filters just set.
    warnings._filters_mutated()
    shell.execution_count = 1


#: The warning filters as the kernel had them before any stage ran (set by ``warm``).
_INITIAL_FILTERS: list = []


def _manager_class(log_path: Path) -> type:
    from jupyter_client.blocking import BlockingKernelClient
    from jupyter_client.manager import KernelManager
    from traitlets import default

    class OnceStartedClient(BlockingKernelClient):
        """A client whose channels start once, however many notebooks ask for them.

        nbclient starts the channels of the client it is given for every
        notebook; a heartbeat thread cannot start twice.
        """

        _answered = False

        def start_channels(self, *args, **kwargs) -> None:
            if not self.channels_running:
                super().start_channels(*args, **kwargs)

        def wait_for_ready(self, timeout: float | None = None) -> None:
            """Wait for the kernel the first time; later, only drop what IOPub holds.

            nbclient waits for every notebook, and jupyter_client's wait ends
            by listening 0.2 s for a silent IOPub: 0.2 s of a run's wall time
            per stage, with nothing to compute. The kernel answered once and
            stays up for the run (a dead kernel fails the stage's first cell,
            which nbclient watches), and nbclient reads only the IOPub messages
            of its own requests, so what earlier requests left is dropped at once.
            """
            from queue import Empty

            if not self._answered:
                super().wait_for_ready(timeout=timeout)
                self._answered = True
                return
            while True:
                try:
                    self.iopub_channel.get_msg(timeout=0)
                except Empty:
                    return

    class RunKernelManager(KernelManager):
        """A kernel on local IPC sockets whose stderr goes to the run's kernel log,
        with one client shared by every notebook executed on it."""

        @default("client_factory")
        def _client_factory_default(self) -> type:
            return OnceStartedClient

        _shared = None

        def _transport_default(self) -> str:
            return "tcp" if os.name == "nt" else "ipc"

        def client(self, **kwargs):
            if self._shared is None:
                self._shared = super().client(**kwargs)
            return self._shared

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            with log_path.open("ab") as log:
                kw["stderr"] = log
                kw.setdefault("stdout", log)
                await super()._async_launch_kernel(kernel_cmd, **kw)

    return RunKernelManager


class RunKernel:
    """The one kernel of a run: start it, warm it, run each stage on it, shut it down.

    Use as a context manager: the kernel starts on entering (unless it runs already) and
    is shut down on leaving, also after an error; a kept kernel (``keep``) stays up when
    the block ends without one, for the next run of the same process.

    Parameters
    ----------
    cwd : Path
        The kernel's working folder (the project root).
    log_path : Path
        Where the kernel's own stderr goes.
    modules : list of str
        Modules to import before the first stage (``notebook_modules`` and ``LIBRARIES``).
    keep : bool
        Keep the kernel for later runs (a batch worker's evaluations, ``pipeline.run_batch``).
    log_shown : str, optional
        The kernel log as an error message names it; "logs/kernel.log of the run folder"
        by default.
    """

    def __init__(self, cwd: Path, log_path: Path, modules: list[str], *, keep: bool = False,
                 log_shown: str | None = None):
        self.cwd = cwd
        self.log_path = log_path
        self.modules = modules
        self.keep = keep
        self.log_shown = log_shown or f"{log_path.parent.name}/{log_path.name} of the run folder"
        self.manager = None
        self._ready = False
        self._sockets: str | None = None

    def __enter__(self) -> RunKernel:
        if self.manager is None:
            self.start()
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is not None or not self.keep:
            self.shutdown(now=kind is not None)

    def start(self) -> None:
        """Start the kernel process; it imports the modules while this process goes on."""
        import tempfile

        self.manager = _manager_class(self.log_path)(kernel_name=KERNEL_NAME)
        if self.manager.transport == "ipc":
            # jupyter_client's default socket name is relative, so a kernel whose working
            # folder is not this process's would listen where the client never looks.
            self._sockets = tempfile.mkdtemp(prefix="evalkit-kernel-")
            self.manager.ip = os.path.join(self._sockets, "kernel")
        warm = f"__import__('evalkit.kernel').kernel.warm({self.modules!r})"
        # No input history: each stage restarts the execution count at 1, which a history
        # database would refuse as a line it already holds.
        self.manager.start_kernel(cwd=str(self.cwd),
                                  extra_arguments=[f"--IPKernelApp.exec_lines={warm}",
                                                   "--HistoryManager.enabled=False"])
        self._ready = False

    def prepare_stage(self) -> None:
        """Wait for the kernel (once), then clear what the last stage left (``fresh_namespace``)."""
        from evalkit.errors import EvalkitError

        client = self.manager.client()
        if not self._ready:
            client.start_channels()
            try:
                client.wait_for_ready(timeout=STARTUP_SECONDS)
            except RuntimeError as exc:  # jupyter_client's word for a kernel that never answered
                raise EvalkitError(f"the run's kernel did not start: {exc}; its own messages are "
                                   f"in {self.log_shown}") from None
            self._ready = True
        reply = self._reply(client, client.execute(
            "__import__('evalkit.kernel').kernel.fresh_namespace()",
            silent=True, store_history=False))
        if reply["content"]["status"] != "ok":
            raise EvalkitError(f"the run's kernel could not be cleared between stages: "
                               f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}")

    def stage_reads(self) -> dict[str, list[str]]:
        """What the stage just run has read: its config fields and the published tables it
        asked for (``config.recorded_reads``, ``stage.recorded_table_reads``).

        ``["*"]`` (everything) for either when the kernel cannot say, or the stage
        never opened its config: reuse then asks for the whole config, or every
        table, unchanged.
        """
        import ast

        from evalkit.config import ALL_FIELDS

        client = self.manager.client()
        asked = {"config": "__import__('evalkit.config').config.recorded_reads()",
                 "tables": "__import__('evalkit.stage').stage.recorded_table_reads()"}
        reply = self._reply(client, client.execute("", silent=True, store_history=False,
                                                   user_expressions=asked))
        found = reply["content"].get("user_expressions", {})
        reads = {}
        for kind in asked:
            answer = found.get(kind, {})
            names = (ast.literal_eval(answer["data"]["text/plain"])
                     if answer.get("status") == "ok" else None)
            reads[kind] = [ALL_FIELDS] if names is None else list(names)
        return reads

    @staticmethod
    def _reply(client, msg_id: str) -> dict:
        while True:
            reply = client.get_shell_msg(timeout=600)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply

    def shutdown(self, now: bool = False) -> None:
        """Stop the kernel and its client; safe to call twice.

        ``now`` kills it at once: after an error the kernel may still be importing,
        and would make the user wait for a polite shutdown it cannot answer.
        """
        if self.manager is None:
            return
        manager, self.manager = self.manager, None
        try:
            client = manager.client()
            if client.channels_running:
                client.stop_channels()
            if manager.has_kernel:
                manager.shutdown_kernel(now=now)
        finally:
            manager.cleanup_resources()
            if self._sockets is not None:
                import shutil

                shutil.rmtree(self._sockets, ignore_errors=True)

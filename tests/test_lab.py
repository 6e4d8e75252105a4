"""``evalkit lab``: a real JupyterLab server from the project's environment serves the notebooks."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from conftest import EVALKIT, make_project
from evalkit import lab
from evalkit.paths import ProjectPaths


def _port_no_kernel_takes() -> int:
    """A free loopback port below the ephemeral range.

    Kernels started by other test workers bind ephemeral ports (port 0); a port
    picked the same way could be handed to one of them while ``evalkit lab``
    prepares the example, and the test would then talk to a kernel's socket.
    """
    start = 20000 + os.getpid() % 10000
    for port in [*range(start, 30000), *range(20000, start)]:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError("no free port between 20000 and 30000")


def _call(url: str, method: str = "GET") -> tuple[int, object]:
    request = urllib.request.Request(url, method=method, data=b"{}" if method == "POST" else None)
    with urllib.request.urlopen(request, timeout=10) as answer:
        body = answer.read()
        return answer.status, json.loads(body) if body else None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``evalkit lab --no-browser`` in a copy of the project; yields its address and project."""
    project = make_project(tmp_path_factory.mktemp("lab") / "project")
    port = _port_no_kernel_takes()
    process = subprocess.Popen([str(EVALKIT), "lab", "--no-browser", "--port", str(port)],
                               cwd=project, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, start_new_session=True)
    lines = [process.stdout.readline() for _ in range(3)]
    printed = next((line.split(": ", 1)[1].strip() for line in lines
                    if line.startswith("JupyterLab on")), None)
    assert printed, lines
    base, token = printed.split("/lab?token=")
    deadline = time.monotonic() + 120
    while True:
        try:
            _call(f"{base}/api/status?token={token}")
            break
        except OSError:
            assert process.poll() is None, "evalkit lab stopped before serving"
            assert time.monotonic() < deadline, "JupyterLab did not answer within two minutes"
            time.sleep(0.5)
    yield {"base": base, "token": token, "lines": lines, "project": project, "port": port,
           "process": process}
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


def test_the_address_is_printed_on_the_loopback_with_a_token(server):
    assert server["lines"][0].startswith("example prepared: reports/scratch")
    assert server["base"] == f"http://127.0.0.1:{server['port']}"
    assert len(server["token"]) == 32


def test_the_example_is_prepared_as_the_notebooks_open_it(server):
    project = Path(server["project"])
    paths = ProjectPaths(project)
    assert (paths.processed_dir("scratch")).is_dir()
    # A notebook opened with its defaults finds the same scratch run and keeps it.
    assert lab.prepare_example(paths, "configs/example.yml") is False


def test_without_the_token_nothing_is_served(server):
    with pytest.raises(urllib.error.HTTPError) as refused:
        _call(f"{server['base']}/api/contents")
    assert refused.value.code == 403


def test_the_server_lists_the_notebooks_and_starts_a_kernel(server):
    base, token = server["base"], server["token"]
    status, listing = _call(f"{base}/api/contents?token={token}")
    assert status == 200
    names = {item["name"] for item in listing["content"]}
    expected = {path.name for path in (Path(server["project"]) / "notebooks").glob("*.ipynb")}
    assert {"00_data_checks.ipynb", "20_outflow.ipynb", "90_summary.ipynb"} <= expected <= names
    status, kernel = _call(f"{base}/api/kernels?token={token}", "POST")
    assert status == 201 and kernel["name"] == "python3"
    url = f"{base.replace('http', 'ws')}/api/kernels/{kernel['id']}/channels?token={token}"
    printed = asyncio.run(_execute(url, "import evalkit, sys; print(evalkit.__name__, sys.prefix)"))
    assert printed.split() == ["evalkit", str(Path(EVALKIT).parents[1])]
    status, _ = _call(f"{base}/api/kernels/{kernel['id']}?token={token}", "DELETE")
    assert status == 204


async def _execute(url: str, code: str) -> str:
    """Run ``code`` in a kernel over JupyterLab's websocket, as the browser does; its stdout."""
    from tornado.websocket import websocket_connect

    connection = await websocket_connect(url)
    header = {"msg_id": uuid.uuid4().hex, "msg_type": "execute_request", "username": "test",
              "session": uuid.uuid4().hex, "date": "", "version": "5.3"}
    await connection.write_message(json.dumps({
        "header": header, "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": False,
                    "user_expressions": {}, "allow_stdin": False}}))
    out = []
    while True:
        message = json.loads(await asyncio.wait_for(connection.read_message(), timeout=120))
        if message.get("parent_header", {}).get("msg_id") != header["msg_id"]:
            continue
        if message["msg_type"] == "stream":
            out.append(message["content"]["text"])
        if message["msg_type"] == "error":
            raise AssertionError(message["content"])
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            connection.close()
            return "".join(out)


def test_the_news_feed_is_off(server):
    """Nothing calls home from a municipality's machine: the page says the news is disabled."""
    request = urllib.request.Request(f"{server['base']}/lab?token={server['token']}")
    with urllib.request.urlopen(request, timeout=10) as answer:
        page = answer.read().decode("utf-8")
    assert re.search(r'"news": \{"disabled": true\}', page), "JupyterLab would fetch its news"


def test_the_server_stops_and_the_command_ends(server):
    process = server["process"]
    status, _ = _call(f"{server['base']}/api/shutdown?token={server['token']}", "POST")
    assert status == 200
    assert process.wait(timeout=60) == 0


def test_without_jupyterlab_the_command_says_how_to_get_it(monkeypatch, tmp_path):
    """The run set alone has no JupyterLab; pretending it is absent here is the only way to see it."""
    from evalkit.errors import LabError

    monkeypatch.setattr(lab.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(LabError, match="JupyterLab is not installed in this environment; "
                                       r"python3 tasks.py lab installs it") as refused:
        lab.start(ProjectPaths(tmp_path), "configs/example.yml", None, False, say=print)
    assert refused.value.exit_code == 10

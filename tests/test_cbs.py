"""The CBS open-data client, against a local server that answers as CBS does."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from evalkit import cbs, io


class _FakeCBS:
    """A minimal OData catalogue on 127.0.0.1, answering as opendata.cbs.nl does.

    The real client (cbsodata) talks real HTTP to it: the test needs no network
    (CI has none), only loopback.
    """

    # cbsodata 1.3.5 asks for the TypedDataSet when typed=False (it drops the one it names).
    TABLES = {
        "": [{"name": "TableInfos"}, {"name": "UntypedDataSet"}, {"name": "TypedDataSet"},
             {"name": "DataProperties"}, {"name": "Perioden"}],
        "TableInfos": [{"Title": "Asielverzoeken en nareizigers", "Modified": "2026-10-01"}],
        "TypedDataSet": [{"ID": 0, "Perioden": "2019JJ00", "Asielverzoeken_1": 22533},
                         {"ID": 1, "Perioden": "2020JJ00", "Asielverzoeken_1": 15255}],
        "DataProperties": [{"Key": "Asielverzoeken_1", "Title": "Asielverzoeken"}],
        "Perioden": [{"Key": "2019JJ00", "Title": "2019"}, {"Key": "2020JJ00", "Title": "2020"}],
    }

    def __enter__(self):

        tables = self.TABLES

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                name = self.path.split("?")[0].rstrip("/").split("/")[-1]
                body = tables.get("" if name.endswith("NED") else name)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps({"value": body or []}).encode())

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"127.0.0.1:{self.server.server_port}"

    def __exit__(self, *exc):
        self.server.shutdown()


def test_fetch_cbs_table_through_the_real_client():
    with _FakeCBS() as catalog:
        table, info = cbs.fetch_table("85501NED", catalog=catalog, https=False)
    assert list(table["Perioden"]) == ["2019", "2020"]  # codes replaced by titles
    assert list(table["Asielverzoeken_1"]) == [22533, 15255]
    assert info["Title"] == "Asielverzoeken en nareizigers"


def test_refresh_writes_tables_with_provenance(scratch_project, monkeypatch):
    from evalkit.paths import ProjectPaths
    from evalkit import cbs

    paths = ProjectPaths(scratch_project)
    with _FakeCBS() as catalog:
        written = cbs.refresh(paths, catalog=catalog, https=False)
    assert [w[0] for w in written] == ["85501NED"]
    provenance = io.read_json(paths.cbs_downloads / "asylum_requests_per_month.provenance.json")
    assert provenance["table_id"] == "85501NED" and provenance["rows"] == 2
    assert provenance["modified_by_cbs"] == "2026-10-01"


def test_refresh_without_a_network_says_so_and_changes_nothing(scratch_project):
    from conftest import run_cli

    before = {p: p.read_bytes() for p in (scratch_project / "data/external").rglob("*")
              if p.is_file()}
    # Port 9 on loopback (discard) has no server: the connection is refused at once,
    # exactly as when the machine has no network.
    done = run_cli("refresh", "--catalog", "127.0.0.1:9", "--http", cwd=scratch_project)
    assert done.returncode == 7
    assert done.stderr.strip().startswith("error: could not reach CBS open data at http://127.0.0.1:9")
    assert "nothing was changed" in done.stderr
    after = {p: p.read_bytes() for p in (scratch_project / "data/external").rglob("*")
             if p.is_file()}
    assert after == before

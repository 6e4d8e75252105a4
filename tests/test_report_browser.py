"""The report in a real browser (headless Chromium, no network) and printed to PDF.

Chromium comes from Debian's package; ``python3 tasks.py test`` installs it. Its command
line cannot report the state of a page, so the check runs on a copy of the report with one
script added at the top of ``<head>``: it records console errors and failed loads, and on
``load`` writes what it found into the page, which ``--dump-dom`` prints. The report itself
has no scripts at all.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from evalkit import pdf

from conftest import run_cli

if shutil.which("chromium") is None:
    if os.environ.get("CI"):
        pytest.fail("chromium is missing: python3 tasks.py test should have installed it",
                    pytrace=False)
    pytestmark = pytest.mark.skip(reason="Debian's chromium is not installed on this machine")

CHECK = """<script>
window.__evalkitErrors = [];
window.addEventListener("error", function (e) {
  var t = e.target || {};
  window.__evalkitErrors.push(String(e.message || t.src || t.href || "load error"));
}, true);
var __evalkitConsoleError = console.error;
console.error = function () {
  window.__evalkitErrors.push(Array.prototype.join.call(arguments, " "));
  __evalkitConsoleError.apply(console, arguments);
};
window.addEventListener("load", function () {
  var images = Array.prototype.slice.call(document.images);
  var links = Array.prototype.slice.call(document.querySelectorAll("nav.evalkit-toc a"));
  var result = {
    images: images.length,
    undecoded: images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
      .map(function (i) { return i.alt; }),
    links: links.length,
    unresolved: links.filter(function (a) {
      return !document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    }).map(function (a) { return a.getAttribute("href"); }),
    errors: window.__evalkitErrors
  };
  var pre = document.createElement("pre");
  pre.id = "evalkit-browser-check";
  pre.textContent = JSON.stringify(result);
  document.body.appendChild(pre);
});
</script>"""


def chromium(*args: str, profile) -> subprocess.CompletedProcess:
    return subprocess.run([pdf.chromium(), *pdf.CHROMIUM_FLAGS,
                           f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                           *args], capture_output=True, text=True, timeout=180)


@pytest.mark.parametrize("name", ["report.html", "report_method.html"])
def test_report_in_headless_chromium(example_run, tmp_path, name):
    _, run_dir, _ = example_run
    page = (run_dir / name).read_text(encoding="utf-8")
    checked = tmp_path / name
    checked.write_text(page.replace("<head>", "<head>" + CHECK, 1), encoding="utf-8")

    shot = tmp_path / "screenshot.png"
    done = chromium("--window-size=1200,1600", f"--screenshot={shot}",
                    (run_dir / name).as_uri(), profile=tmp_path / "p1")
    assert shot.is_file() and shot.stat().st_size > 20_000, done.stderr[-2000:]

    done = chromium("--virtual-time-budget=15000", "--dump-dom", checked.as_uri(),
                    profile=tmp_path / "p2")
    dom = BeautifulSoup(done.stdout, "html.parser")
    found = dom.find(id="evalkit-browser-check")
    assert found is not None, done.stderr[-2000:]
    result = json.loads(found.get_text())
    embedded = BeautifulSoup(page, "html.parser").find_all("img")
    assert result["images"] == len(embedded) >= 5 and result["undecoded"] == []
    assert result["links"] >= 20 and result["unresolved"] == []
    assert result["errors"] == []
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line]
    assert not [line for line in console if "ERROR" in line.upper()], console


def test_method_edition_shows_the_code_and_the_method(example_run):
    _, run_dir, _ = example_run
    soup = BeautifulSoup((run_dir / "report_method.html").read_text(encoding="utf-8"),
                         "html.parser")
    code = soup.get_text("")
    assert "costinputs.gross_year" in code
    assert "national.like_with_like" in code
    assert "Vraag." in code and "Zo lees je dit." in code  # the Dutch method prose
    municipal = (run_dir / "report.html").read_text(encoding="utf-8")
    assert "costinputs.gross_year" not in municipal
    assert "injected-parameters" not in str(soup)


def test_pdf_has_page_numbers_and_the_summary_heading(example_run, tmp_path):
    from pypdf import PdfReader

    project, run_dir, _ = example_run
    done = run_cli("pdf", str(run_dir), cwd=project)
    assert done.returncode == 0, done.stderr
    pdf = run_dir / "report.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) > 1
    first = reader.pages[0].extract_text()
    assert "Samenvatting" in first
    assert f"1 / {len(reader.pages)}" in first
    assert f"2 / {len(reader.pages)}" in reader.pages[1].extract_text()

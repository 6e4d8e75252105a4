"""Printing a report to PDF with headless Chromium, which fetches nothing from the network."""

from __future__ import annotations

from pathlib import Path

#: Flags for a headless Chromium that fetches nothing: no network, no background services.
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--host-resolver-rules=MAP * ~NOTFOUND",
    "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
)


def chromium() -> str:
    """The Chromium executable (Debian's ``chromium`` package).

    Raises
    ------
    EvalkitError
        When it is not installed.
    """
    import shutil

    from evalkit.errors import EvalkitError

    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise EvalkitError("chromium not found; install Debian's chromium package "
                           "(apt-get install chromium), or run `python3 tasks.py test` once")
    return found


def print_pdf(html_file: Path, pdf_file: Path, *, timeout: float = 120) -> Path:
    """Print a report to PDF through headless Chromium, page numbers in the margin.

    The page numbers come from the report's own ``@page`` rules; Chromium's
    header and footer (with a date and a file path) are left out.
    """
    import subprocess
    import tempfile

    from evalkit.errors import EvalkitError
    from evalkit.io import atomic_write_bytes

    with tempfile.TemporaryDirectory(prefix="evalkit-pdf-") as scratch:
        target = Path(scratch) / "report.pdf"
        done = subprocess.run(
            [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={scratch}/profile",
             "--no-pdf-header-footer", f"--print-to-pdf={target}",
             Path(html_file).resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or not target.is_file():
            raise EvalkitError(f"chromium could not print {html_file} to PDF "
                               f"(exit code {done.returncode})")
        return atomic_write_bytes(pdf_file, target.read_bytes())

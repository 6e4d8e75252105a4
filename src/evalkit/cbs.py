"""The CBS open-data client: download StatLine tables for the national comparison.

``evalkit refresh`` uses it; a run never goes to the network, it reads the
files this module wrote (or the shipped ones) from ``data/external/``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from evalkit import io
from evalkit.paths import ProjectPaths

#: The CBS open-data catalogue ``evalkit refresh`` reads from.
CATALOG = "opendata.cbs.nl"


def fetch_table(table_id: str, *, catalog: str = CATALOG, https: bool = True,
                    timeout: float = 30.0) -> tuple[pd.DataFrame, dict]:
    """Download one table from CBS open data (StatLine) with the ``cbsodata`` client.

    Parameters
    ----------
    table_id : str
        StatLine table identifier, for example ``85501NED``.
    catalog : str
        Host of the OData catalogue; CBS's own by default.
    https : bool
        Use HTTPS (a local mirror may serve plain HTTP).
    timeout : float
        Seconds to wait for each answer.

    Returns
    -------
    table, info : pandas.DataFrame, dict
        The data set, codes replaced by their titles, and the table's
        ``TableInfos`` record (title, last modified).

    Raises
    ------
    NetworkError
        When the catalogue cannot be reached or refuses the table.
    """
    import cbsodata
    import requests

    from evalkit.errors import NetworkError

    url = f"{'https' if https else 'http'}://{catalog}/ODataApi/OData/{table_id}"
    previous = cbsodata.options.use_https
    cbsodata.options.use_https = https
    try:
        info = cbsodata.get_info(table_id, catalog_url=catalog, timeout=timeout)
        rows = cbsodata.get_data(table_id, catalog_url=catalog, timeout=timeout)
    except (requests.ConnectionError, requests.Timeout) as exc:
        reason = type(exc).__name__
        raise NetworkError(f"could not reach CBS open data at {url} ({reason}); nothing was "
                           "changed: the shipped figures in data/external/ are used as before"
                           ) from None
    except requests.HTTPError as exc:
        raise NetworkError(f"CBS open data refused table {table_id} at {url} ({exc}); nothing "
                           "was changed") from None
    finally:
        cbsodata.options.use_https = previous
    return pd.DataFrame(rows), dict(info)


def refresh(paths: ProjectPaths, *, catalog: str = CATALOG, https: bool = True
                ) -> list[tuple[str, Path, int]]:
    """Download every table listed in ``data/external/cbs_tables.csv`` from CBS open data.

    Each table goes to ``data/external/cbs/<file>.csv`` with a
    ``<file>.provenance.json`` beside it (table, title, CBS's last change,
    download date, address). Everything is downloaded before anything is
    written, so a failed refresh leaves the shipped files as they were.

    Returns
    -------
    list of (table id, path, rows)

    Raises
    ------
    NetworkError
        When CBS open data cannot be reached; nothing is written then.
    """
    listing = io.read_csv_table(paths.cbs_tables)
    downloaded = []
    for row in listing.itertuples(index=False):
        table, info = fetch_table(row.table_id, catalog=catalog, https=https)
        downloaded.append((row, table, info))
    written = []
    for row, table, info in downloaded:
        target = paths.cbs_downloads / f"{row.file}.csv"
        io.write_table(table, paths.cbs_downloads, row.file)
        io.write_json({"table_id": row.table_id, "title": info.get("Title"),
                       "modified_by_cbs": info.get("Modified"),
                       "downloaded": datetime.now(UTC).date().isoformat(),
                       "address": f"{'https' if https else 'http'}://{catalog}/ODataApi/OData/"
                                  f"{row.table_id}", "rows": len(table)},
                      paths.cbs_downloads / f"{row.file}.provenance.json")
        written.append((row.table_id, target, len(table)))
    return written

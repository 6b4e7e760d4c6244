"""The data-trust tables a build is given, and the status file behind every page's banner.

The quality gate's results do not live in the marts (when the gate blocks, the marts are the last
good ones). They reach the pages as in-memory tables that page queries read by name:

- `quality_checks`: one row per check (`check_name`, `kind` load/gx/dbt, `asset`, `relation`,
  `passed`, `summary`, `checked_at`, `failing_since`, `row_count`, `freshest`, `warning_count`);
- `quality_failures`: one row per failed expectation (`check_name`, `relation`, `severity`,
  `message`, `column_name`, `unexpected_count`, `element_count`, `sample_values`, `failing_since`);
- `quality_expectations`: every expectation a suite evaluated (`check_name`, `relation`, `part`,
  `expectation`, `column_name`, `severity`, `success`, `unexpected_count`, `element_count`,
  `observed`).

`data-trust/status.js` carries the verdict to every page: a static page cannot change after it is
published, so the banner is drawn by assets/trust.js from this one file, which is replaced when
the gate blocks while the pages themselves stay as they were.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

STATUS_SCRIPT = Path("data-trust") / "status.js"
RESULTS_FILE = Path("data-trust") / "quality-results.json"

TRUST_COLUMNS: dict[str, tuple[str, ...]] = {
    "quality_checks": (
        "check_name",
        "kind",
        "asset",
        "relation",
        "passed",
        "summary",
        "checked_at",
        "failing_since",
        "row_count",
        "freshest",
        "warning_count",
    ),
    "quality_failures": (
        "check_name",
        "relation",
        "severity",
        "message",
        "column_name",
        "unexpected_count",
        "element_count",
        "sample_values",
        "failing_since",
    ),
    "quality_expectations": (
        "check_name",
        "relation",
        "part",
        "expectation",
        "column_name",
        "severity",
        "success",
        "unexpected_count",
        "element_count",
        "observed",
    ),
}

TrustTables = Mapping[str, Sequence[Mapping[str, Any]]]


def register_trust_tables(con: duckdb.DuckDBPyConnection, tables: TrustTables | None) -> None:
    """Make every trust table readable by page queries; a table not given is empty."""
    import pandas as pd  # deferred: importing it costs a second on every Dagster definitions load

    for name, columns in TRUST_COLUMNS.items():
        rows = list((tables or {}).get(name, ()))
        frame = pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=list(columns))
        con.register(name, frame)


def trust_status(tables: TrustTables | None) -> dict[str, Any]:
    """What the banner says: blocked (a check failed), warning, ok, or unknown (no check ran)."""
    checks = list((tables or {}).get("quality_checks", ()))
    failed = [c for c in checks if not c.get("passed")]
    warned = [c for c in checks if c.get("passed") and c.get("warning_count")]
    state = "blocked" if failed else "warning" if warned else "ok" if checks else "unknown"
    since = min((str(c["failing_since"]) for c in failed if c.get("failing_since")), default=None)
    return {
        "state": state,
        "since": since,
        "checked_at": max((str(c["checked_at"]) for c in checks if c.get("checked_at")), default=None),
        "failed": [
            {"check": c.get("check_name"), "relation": c.get("relation"), "summary": c.get("summary")}
            for c in failed
        ],
        "warnings": len(warned),
    }


def write_trust_files(site_dir: Path, tables: TrustTables | None) -> None:
    """The banner's status script and the gate's results as JSON (published with the pages)."""
    (site_dir / RESULTS_FILE).parent.mkdir(parents=True, exist_ok=True)
    results = {name: list((tables or {}).get(name, ())) for name in TRUST_COLUMNS}
    (site_dir / RESULTS_FILE).write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    write_status_script(site_dir, tables)


def write_status_script(site_dir: Path, tables: TrustTables | None) -> Path:
    """`window.uptTrust = {...}`: plain data; assets/trust.js puts it on the page as text."""
    target = site_dir / STATUS_SCRIPT
    payload = json.dumps(trust_status(tables), sort_keys=True)
    # JSON is a JavaScript expression; the two line separators JSON allows raw are escaped for
    # older engines.
    payload = payload.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    target.write_text(f"window.uptTrust = {payload};\n", encoding="utf-8")
    return target

"""Write each system's dbt sources file from its landing contract.

The contract is the one definition of a raw table; the dbt sources (descriptions, columns,
freshness) are derived from it so the two never drift. Run after editing a contract:

    uv run python -m orchestration.ingest.dbt_sources

A test fails when a sources file is out of date.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from orchestration.ingest.contracts import SystemContract, load_contracts
from orchestration.ingest.loader import LINEAGE_COLUMNS, RAW_SCHEMA
from orchestration.settings import PROJECT_ROOT

STAGING_DIR = PROJECT_ROOT / "dbt_project" / "models" / "staging"
HEADER = "# Generated from orchestration/ingest/contracts/{system}.yml by orchestration.ingest.dbt_sources.\n"
LINEAGE_DESCRIPTIONS = {
    "_source_file": "Landing file the row was loaded from, relative to the landing folder.",
    "_load_id": "Id of the load that wrote the row (see raw._upt_loads).",
    "_loaded_at": "When the row was loaded (UTC).",
}


def sources_path(system: str) -> Path:
    return STAGING_DIR / system / f"_{system}__sources.yml"


def render_sources(contract: SystemContract) -> str:
    tables = []
    for table in contract.tables:
        entry: dict = {
            "name": table.name,
            "identifier": table.raw_table,
            "description": table.description,
        }
        if table.loaded_at_field:
            entry["loaded_at_field"] = "_loaded_at"
        entry["columns"] = [
            {"name": c.name, "description": c.description, "data_type": c.type} for c in table.columns
        ] + [
            {"name": name, "description": LINEAGE_DESCRIPTIONS[name], "data_type": type_}
            for name, type_ in LINEAGE_COLUMNS
        ]
        tables.append(entry)
    doc = {
        "version": 2,
        "sources": [
            {
                "name": contract.system,
                "description": f"{contract.title} ({contract.department}). {contract.description}".strip(),
                "schema": RAW_SCHEMA,
                "meta": {"department": contract.department},
                "config": {
                    "freshness": {
                        "warn_after": {"count": 2, "period": "day"},
                        "error_after": {"count": 7, "period": "day"},
                    },
                },
                "tables": tables,
            }
        ],
    }
    return HEADER.format(system=contract.system) + yaml.safe_dump(doc, sort_keys=False, width=100)


def write_all() -> list[Path]:
    written = []
    for contract in load_contracts():
        path = sources_path(contract.system)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_sources(contract))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all():
        print(path.relative_to(PROJECT_ROOT))

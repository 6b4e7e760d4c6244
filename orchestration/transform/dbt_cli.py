"""The dbt CLI resource, without the start-up work this project never uses, and the dbt docs page.

dagster-dbt's `DbtCliResource` runs `dbt --version` in a subprocess once per process and opens a
dbt adapter inside the Dagster process before every invocation. The adapter serves only
`fetch_row_counts()` and `fetch_column_metadata()`, which cannot run against DuckDB while dbt
writes (the steps count rows themselves once dbt has exited, transform/assets.py). Both cost a
few seconds of CPU per dbt step.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cached_property
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

from dagster_dbt import DbtCliResource
from packaging import version

# dbt's docs page (dbt-docs, shipped inside dbt-core) with the manifest and catalog inlined.
_DOCS_TEMPLATE = "index.html"
_MANIFEST_PLACEHOLDER = '"MANIFEST.JSON INLINE DATA"'
_CATALOG_PLACEHOLDER = '"CATALOG.JSON INLINE DATA"'


class LeanDbtCliResource(DbtCliResource):
    """`DbtCliResource` that knows the dbt of this environment and opens no adapter of its own."""

    @cached_property
    def _cli_version(self) -> version.Version:
        # The executable is this environment's dbt (project.dbt_executable): its package says which.
        return version.parse(metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: object) -> None:  # type: ignore[override]
        return None


def write_static_docs(manifest_path: Path, destination: Path) -> Path:
    """dbt's docs as one self-contained HTML file, as `dbt docs generate --static
    --empty-catalog` writes it, without starting dbt: the page is dbt-docs' own with the build's
    manifest and an empty catalog (no warehouse column statistics) inlined where dbt inlines them.
    """
    spec = find_spec("dbt.task.docs")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("dbt-core's docs page (dbt/task/docs/index.html) is not installed")
    template = Path(next(iter(spec.submodule_search_locations))) / _DOCS_TEMPLATE
    page = template.read_text(encoding="utf-8").strip()  # as dbt reads it
    if _MANIFEST_PLACEHOLDER not in page or _CATALOG_PLACEHOLDER not in page:
        raise ValueError(f"{template} has no place for the manifest and catalog: an unknown dbt-docs")
    page = page.replace(_MANIFEST_PLACEHOLDER, manifest_path.read_text(encoding="utf-8"))
    page = page.replace(_CATALOG_PLACEHOLDER, _empty_catalog())
    # Written beside and moved into place: a reader never sees half a page.
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.write_text(page, encoding="utf-8")
    partial.replace(destination)
    return destination


def _empty_catalog() -> str:
    """The catalog `--empty-catalog` writes: no tables or columns, made by this dbt."""
    return json.dumps(
        {
            "metadata": {
                "dbt_schema_version": "https://schemas.getdbt.com/dbt/catalog/v1.json",
                "dbt_version": metadata.version("dbt-core"),
                "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "invocation_id": None,
                "env": {},
            },
            "nodes": {},
            "sources": {},
            "errors": None,
        }
    )

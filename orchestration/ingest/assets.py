"""One Dagster asset per raw table, built from the landing contracts.

Each asset loads the new landing files of its table into `raw.<system>__<table>`. Its key is the
one dbt's `source('<system>', '<table>')` resolves to, so lineage runs on into the dbt models.
A bad file fails only its own table's asset (and what is downstream of it).
"""

from pathlib import Path

import dagster as dg

from orchestration.ingest.contracts import SystemContract, TableContract, load_contracts
from orchestration.ingest.loader import RAW_SCHEMA, LandingFileError, load_table
from orchestration.quality_gate.checks import gate_records
from orchestration.quality_gate.records import LOAD, CheckRecord
from orchestration.quality_gate.verdict import publish_verdict
from orchestration.resources import LandingResource, SiteResource, WarehouseResource

LANDING_GROUP = "landing"


def landing_key(system: str) -> dg.AssetKey:
    return dg.AssetKey(["landing", system])


def raw_key(system: str, table: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", system, table])


def _column_schema(table: TableContract) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[
            dg.TableColumn(name=c.name, type=c.type, description=c.description or None) for c in table.columns
        ]
    )


def build_landing_spec(system: SystemContract) -> dg.AssetSpec:
    """The landing folder of one source system: written by the system's exports, not by Dagster."""
    return dg.AssetSpec(
        key=landing_key(system.system),
        group_name=LANDING_GROUP,
        description=f"Export files of the {system.title} ({system.department}) in the landing folder.",
        kinds={"file"},
        metadata={"tables": ", ".join(t.name for t in system.tables)},
    )


def _load_record(
    table: TableContract, passed: bool, summary: str, run_id: str, rows: int | None = None
) -> CheckRecord:
    """The load itself is the gate's first check: a file that breaks its contract blocks here."""
    return CheckRecord(
        name=f"load_{table.raw_table}",
        kind=LOAD,
        asset=f"raw/{table.system}/{table.name}",
        relation=f"{RAW_SCHEMA}.{table.raw_table}",
        passed=passed,
        summary=summary,
        row_count=rows,
        run_id=run_id,
    )


def build_raw_asset(table: TableContract) -> dg.AssetsDefinition:
    @dg.asset(
        key=raw_key(table.system, table.name),
        deps=[landing_key(table.system)],
        group_name=f"raw_{table.system}",
        description=f"{table.description}\n\nLoaded from `{table.system}/{table.path}` ({table.format}).",
        kinds={"duckdb", table.format},
        metadata={
            "dagster/table_name": f"{RAW_SCHEMA}.{table.raw_table}",
            "dagster/column_schema": _column_schema(table),
            "landing_glob": f"{table.system}/{table.path}",
        },
        retry_policy=dg.RetryPolicy(max_retries=2, delay=2),
    )
    def _load(
        context: dg.AssetExecutionContext,
        warehouse: WarehouseResource,
        landing: LandingResource,
        site: SiteResource,
    ) -> dg.MaterializeResult:
        records = gate_records()
        try:
            with warehouse.connect() as con:
                result = load_table(con, table, landing.path)
        except LandingFileError as exc:
            records.save(_load_record(table, passed=False, summary=str(exc), run_id=context.run_id))
            publish_verdict(context.log, site.path, Path(warehouse.path), records)
            # A bad file will not fix itself: fail without retrying, naming the file and the fault.
            raise dg.Failure(
                description=str(exc),
                metadata={"table": table.raw_table, "landing_glob": f"{table.system}/{table.path}"},
                allow_retries=False,
            ) from exc
        summary = (
            f"{table.raw_table}: loaded {len(result.loaded_files)} new file(s), "
            f"{result.rows_loaded} row(s); {len(result.skipped_files)} already loaded"
        )
        context.log.info(summary)
        records.save(
            _load_record(table, passed=True, summary=summary, run_id=context.run_id, rows=result.total_rows)
        )
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": result.total_rows,
                "rows_loaded": result.rows_loaded,
                "files_loaded": len(result.loaded_files),
                "files_skipped": len(result.skipped_files),
            }
        )

    return _load


def build_ingest_definitions() -> tuple[list[dg.AssetSpec], list[dg.AssetsDefinition]]:
    systems = load_contracts()
    landing = [build_landing_spec(system) for system in systems]
    raw = [build_raw_asset(table) for system in systems for table in system.tables]
    return landing, raw

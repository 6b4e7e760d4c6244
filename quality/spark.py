"""The quality gate's suites validated inside Spark, through a GX Spark dataframe datasource.

On the Spark targets the gate already runs unchanged: the warehouse resource hands the runner the
SQLAlchemy URL of the DuckDB mirror (orchestration/spark/export.py), which holds every raw table
right after its load and every mart right after `dbt build`. This module is the other way, for
when copying the raw tables is too costly (a cluster): each suite part's query runs in the
pipeline's Spark session and GX computes the metrics on the resulting Spark DataFrame.

The runner uses it in `_validate`, for a Spark engine:

    source = quality.spark.add_spark_source(gx_context)            # instead of add_sql / add_pandas
    batch = quality.spark.part_batch(source, name, part.query)    # per part, instead of the asset
    result = batch.validate(suite, result_format=result_format)   # as for the other engines

inside `with quality.spark.spark_session_for_gate():` around the whole validation. The parts'
queries must be Spark SQL there (SuiteContext.dialect is "spark").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

DIALECT = "spark"
_SESSION: list[Any] = []


@contextmanager
def spark_session_for_gate() -> Iterator[Any]:
    """The pipeline's Spark session (holding the metastore) for the duration of a validation."""
    from orchestration.spark.session import metastore

    with metastore() as spark:
        _SESSION.append(spark)
        try:
            yield spark
        finally:
            _SESSION.pop()


def add_spark_source(gx_context: Any) -> Any:
    """A GX Spark datasource on the current session (GX must not start its own: one metastore,
    one session)."""
    if not _SESSION:
        raise RuntimeError("quality.spark: call inside `with spark_session_for_gate():`")
    return gx_context.data_sources.add_spark(name="warehouse", persist=False)


def part_batch(source: Any, name: str, query: str) -> Any:
    """The GX batch of one suite part: its query's rows as a Spark DataFrame."""
    if not _SESSION:
        raise RuntimeError("quality.spark: call inside `with spark_session_for_gate():`")
    asset = source.add_dataframe_asset(name=name)
    definition = asset.add_batch_definition_whole_dataframe("whole_table")
    return definition.get_batch(batch_parameters={"dataframe": _SESSION[-1].sql(query)})

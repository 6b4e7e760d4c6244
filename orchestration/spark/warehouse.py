"""A Spark warehouse connection as the loader takes it: the session and what was written through it.

Kept free of pyspark imports so the ingest code can name the type without starting a JVM.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


@dataclass
class SparkWarehouse:
    """The pipeline's Spark session; `written` collects the relations a load changed (`schema.table`),
    so the DuckDB mirror can be refreshed for exactly those."""

    session: SparkSession
    written: set[str] = field(default_factory=set)

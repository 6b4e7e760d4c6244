"""Where UPT keeps its files, read from environment variables with safe defaults.

Every path the pipeline touches comes from here, so a deployment (or a test) points the whole
project somewhere else by setting a few variables instead of editing code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROFILES_DIR = PROJECT_ROOT / "dbt_project"
DBT_TARGET_DIR = PROJECT_ROOT / "target"
CONTRACTS_DIR = Path(__file__).resolve().parent / "ingest" / "contracts"
# DuckDB takes up to 80% of the machine's memory by default; with a limit, the large window and
# join queries spill to disk instead (beside the warehouse file) and the pipeline stays within it.
DEFAULT_DUCKDB_MEMORY_LIMIT = "2GB"


def duckdb_read_url(path: Path | str, memory_limit: str = DEFAULT_DUCKDB_MEMORY_LIMIT) -> str:
    """Read-only SQLAlchemy URL of a DuckDB warehouse (the quality gate's), under the same memory
    cap as the connections that write it: without one, the gate's aggregates over the largest
    tables let DuckDB keep growing towards 80% of the machine."""
    return f"duckdb:///{path}?access_mode=read_only&memory_limit={memory_limit}"


def _path_from_env(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


@dataclass(frozen=True)
class Settings:
    """Locations and the dbt target for one deployment."""

    landing_dir: Path
    warehouse_path: Path
    site_dir: Path
    dbt_target: str
    quality_dir: Path
    # Spark (UPT_DBT_TARGET=spark): where its tables and its embedded metastore live.
    spark_warehouse_dir: Path
    spark_metastore_dir: Path
    # The most memory one DuckDB connection that writes the warehouse may use (loads, dbt).
    duckdb_memory_limit: str = DEFAULT_DUCKDB_MEMORY_LIMIT

    @classmethod
    def from_env(cls) -> Settings:
        data = _path_from_env("UPT_DATA_DIR", PROJECT_ROOT / "data")
        return cls(
            landing_dir=_path_from_env("UPT_LANDING_DIR", data / "landing"),
            warehouse_path=_path_from_env("UPT_WAREHOUSE_PATH", data / "warehouse" / "upt.duckdb"),
            site_dir=_path_from_env("UPT_SITE_DIR", data / "site"),
            quality_dir=_path_from_env("UPT_QUALITY_DIR", data / "quality"),
            dbt_target=os.environ.get("UPT_DBT_TARGET", "duckdb"),
            spark_warehouse_dir=_path_from_env("UPT_SPARK_WAREHOUSE_DIR", data / "spark" / "warehouse"),
            spark_metastore_dir=_path_from_env("UPT_SPARK_METASTORE_DIR", data / "spark" / "metastore"),
            duckdb_memory_limit=os.environ.get("UPT_DUCKDB_MEMORY_LIMIT", DEFAULT_DUCKDB_MEMORY_LIMIT),
        )

    @property
    def is_spark(self) -> bool:
        """Spark is the warehouse (either Spark target); the DuckDB file then mirrors what readers read."""
        return self.dbt_target.startswith("spark")

    def export_for_dbt(self) -> None:
        """Expose the settings to dbt's `env_var()` so the profile resolves the same paths."""
        self.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["UPT_WAREHOUSE_PATH"] = str(self.warehouse_path)
        os.environ["UPT_DBT_TARGET"] = self.dbt_target
        os.environ["UPT_SPARK_WAREHOUSE_DIR"] = str(self.spark_warehouse_dir)
        os.environ["UPT_SPARK_METASTORE_DIR"] = str(self.spark_metastore_dir)
        os.environ["UPT_DUCKDB_MEMORY_LIMIT"] = self.duckdb_memory_limit

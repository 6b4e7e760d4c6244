"""Dagster resources: the warehouse and the published site, configured from the environment."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.settings import Settings


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file. Writers open it one at a time; readers open it read-only."""

    path: str
    target: str = "duckdb"

    @classmethod
    def from_settings(cls, settings: Settings) -> WarehouseResource:
        return cls(path=str(settings.warehouse_path), target=settings.dbt_target)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(self.path, read_only=read_only)
        try:
            yield con
        finally:
            con.close()

    def sqlalchemy_url(self) -> str:
        """Read-only URL for tools that speak SQLAlchemy (the quality gate)."""
        return f"duckdb:///{self.path}?access_mode=read_only"


class LandingResource(dg.ConfigurableResource):
    """The landing folder the source systems export into. The pipeline only ever reads it."""

    landing_dir: str

    @classmethod
    def from_settings(cls, settings: Settings) -> LandingResource:
        return cls(landing_dir=str(settings.landing_dir))

    @property
    def path(self) -> Path:
        return Path(self.landing_dir)


class SiteResource(dg.ConfigurableResource):
    """Where the report site is published."""

    site_dir: str

    @classmethod
    def from_settings(cls, settings: Settings) -> SiteResource:
        return cls(site_dir=str(settings.site_dir))

    @property
    def path(self) -> Path:
        return Path(self.site_dir)

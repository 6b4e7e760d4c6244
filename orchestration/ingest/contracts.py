"""The landing-file contracts: one YAML per source system (see contracts/README.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from orchestration.settings import CONTRACTS_DIR

FORMATS = ("csv", "jsonl", "json", "parquet")


@dataclass(frozen=True)
class ColumnContract:
    name: str
    type: str
    description: str = ""
    required: bool = False
    nullable: bool = True
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableContract:
    system: str
    name: str
    description: str
    path: str
    format: str
    primary_key: tuple[str, ...]
    columns: tuple[ColumnContract, ...]
    loaded_at_field: str | None = None

    @property
    def raw_table(self) -> str:
        """Name of the table in the raw schema: `<system>__<table>`."""
        return f"{self.system}__{self.name}"

    def files(self, landing_dir: Path) -> list[Path]:
        """Files of this table in the landing folder, oldest name first (names carry the date)."""
        return sorted((landing_dir / self.system).glob(self.path))


@dataclass(frozen=True)
class SystemContract:
    system: str
    title: str
    department: str
    description: str
    tables: tuple[TableContract, ...] = field(default_factory=tuple)


def _parse_system(path: Path) -> SystemContract:
    doc = yaml.safe_load(path.read_text())
    system = doc["system"]
    tables = []
    for table in doc["tables"]:
        if table["format"] not in FORMATS:
            raise ValueError(f"{path}: table {table['name']}: format must be one of {FORMATS}")
        columns = tuple(
            ColumnContract(
                name=col["name"],
                type=str(col["type"]).lower(),
                description=col.get("description", ""),
                required=bool(col.get("required", False)),
                nullable=bool(col.get("nullable", True)),
                aliases=tuple(col.get("aliases", ())),
            )
            for col in table["columns"]
        )
        tables.append(
            TableContract(
                system=system,
                name=table["name"],
                description=str(table.get("description", "")).strip(),
                path=table["path"],
                format=table["format"],
                primary_key=tuple(table.get("primary_key", ())),
                columns=columns,
                loaded_at_field=table.get("loaded_at_field"),
            )
        )
    return SystemContract(
        system=system,
        title=doc.get("title", system),
        department=doc.get("department", ""),
        description=str(doc.get("description", "")).strip(),
        tables=tuple(tables),
    )


@cache
def load_contracts(contracts_dir: Path = CONTRACTS_DIR) -> tuple[SystemContract, ...]:
    """Every system's contract, sorted by system name."""
    return tuple(_parse_system(path) for path in sorted(contracts_dir.glob("*.yml")))

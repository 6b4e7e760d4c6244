"""Hand-made landing files in the documented export format, for tests."""

from __future__ import annotations

import csv
from pathlib import Path

ORDER_COLUMNS = [
    "order_id", "customer_id", "store_id", "channel", "region_code",
    "ordered_at", "currency", "order_total", "status", "updated_at",
]  # fmt: skip


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def order(
    order_id: str,
    ordered_at: str,
    currency: str,
    total: str,
    status: str = "placed",
    updated_at: str | None = None,
    region: str = "EU-N",
    channel: str = "online",
) -> list[object]:
    return [
        order_id,
        f"C-{order_id}",
        "S-1",
        channel,
        region,
        ordered_at,
        currency,
        total,
        status,
        updated_at or ordered_at,
    ]


def write_small_order_history(landing: Path) -> None:
    """Two months of orders with the mess the staging layer must handle: several currencies, a
    cancelled order, an order re-sent with a new status, a re-export repeating a row, and an
    order placed late in the evening local time that is already the next day in UTC."""
    oms = landing / "oms"
    write_csv(
        oms / "orders" / "orders_2025-01-30.csv",
        ORDER_COLUMNS,
        [
            order("SO-1", "2025-01-30T10:00:00+01:00", "EUR", "100.50"),
            order("SO-2", "2025-01-30T12:00:00-05:00", "USD", "250.00", region="NA-E"),
            order("SO-3", "2025-01-30T13:00:00+00:00", "GBP", "80.00", region="EU-S"),
            order("SO-4", "2025-01-30T14:00:00+01:00", "EUR", "999.99", status="cancelled"),
        ],
    )
    write_csv(
        oms / "orders" / "orders_2025-01-31.csv",
        ORDER_COLUMNS,
        [
            # re-export of SO-1 (identical row) and SO-2 re-sent after shipping, with a corrected total
            order("SO-1", "2025-01-30T10:00:00+01:00", "EUR", "100.50"),
            order(
                "SO-2",
                "2025-01-30T12:00:00-05:00",
                "USD",
                "240.00",
                "shipped",
                "2025-01-31T09:00:00-05:00",
                "NA-E",
            ),
            # 23:30 in Tokyo on Jan 31 is 14:30 UTC the same day; 23:30 in New York is Feb 1 in UTC
            order("SO-5", "2025-01-31T23:30:00+09:00", "JPY", "15000", region="APAC"),
            order("SO-6", "2025-01-31T23:30:00-05:00", "USD", "40.00", region="NA-E"),
        ],
    )
    write_csv(
        oms / "orders" / "orders_2025-02-01.csv",
        ORDER_COLUMNS,
        [order("SO-7", "2025-02-01T09:15:00+00:00", "GBP", "60.25", region="EU-S")],
    )
    rates = []
    for day in ("2025-01-30", "2025-01-31", "2025-02-01"):
        rates += [[day, "USD", "1"], [day, "EUR", "1.04"], [day, "GBP", "1.24"], [day, "JPY", "0.0064"]]
    write_csv(oms / "fx_rates" / "fx_rates_2025-01.csv", ["rate_date", "currency", "usd_per_unit"], rates)


_SAMPLE_BY_TYPE = {
    "varchar": "X-{i}",
    "bigint": "{i}",
    "integer": "{i}",
    "double": "{i}.5",
    "boolean": "false",
    "date": "2025-01-0{d}",
    "timestamp": "2025-01-0{d}T10:00:00",
    "timestamptz": "2025-01-0{d}T10:00:00+01:00",
    "json": '{{"id": "O-{i}", "name": "Owner {i}"}}',
}


def sample_value(column_type: str, i: int) -> str:
    """A valid value of a contract type, as text, distinct for each row number i."""
    key = "decimal" if column_type.startswith("decimal") else column_type
    template = _SAMPLE_BY_TYPE.get(key, "{i}.25" if key == "decimal" else "X-{i}")
    return template.format(i=i, d=1 + i % 9)


def sample_records(table, rows: int = 3) -> list[dict[str, str]]:
    """Rows that satisfy a table contract (every column filled), as text."""
    return [{c.name: sample_value(c.type, i) for c in table.columns} for i in range(1, rows + 1)]


def write_table_file(table, path: Path, records: list[dict[str, object]]) -> Path:
    """Write records in the table's own format (csv, jsonl, json or parquet)."""
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    if table.format == "csv":
        header = list(records[0]) if records else [c.name for c in table.columns]
        write_csv(path, header, [[r.get(h) for h in header] for r in records])
    elif table.format in ("jsonl", "json"):
        parsed = [
            {k: json.loads(v) if isinstance(v, str) and v.startswith("{") else v for k, v in r.items()}
            for r in records
        ]
        if table.format == "jsonl":
            path.write_text("".join(json.dumps(r) + "\n" for r in parsed), encoding="utf-8")
        else:
            path.write_text(json.dumps(parsed), encoding="utf-8")
    else:
        pq.write_table(pa.Table.from_pylist(records), path)
    return path


def file_name_for(table, stem_date: str = "2025-01-01") -> str:
    """A file name matching the table's glob (the * replaced by a date)."""
    return table.path.replace("*", stem_date)

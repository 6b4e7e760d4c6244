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

"""Suites on the order system's raw tables."""

from __future__ import annotations

from quality.suites.spec import SuiteSpec


def _orders() -> list:
    import great_expectations.expectations as gxe

    return [
        gxe.ExpectTableColumnsToMatchSet(
            column_set=["order_id", "customer_id", "ordered_at", "currency", "order_total", "status"],
            exact_match=False,
        ),
        gxe.ExpectColumnValuesToNotBeNull(column="order_id"),
        gxe.ExpectColumnValuesToNotBeNull(column="ordered_at"),
        gxe.ExpectColumnValuesToBeBetween(column="order_total", min_value=0),
        gxe.ExpectColumnValuesToBeInSet(
            column="status", value_set=["placed", "shipped", "delivered", "cancelled"]
        ),
        gxe.ExpectColumnValueLengthsToEqual(column="currency", value=3, severity="warning"),
    ]


def _fx_rates() -> list:
    import great_expectations.expectations as gxe

    return [
        gxe.ExpectColumnValuesToNotBeNull(column="rate_date"),
        gxe.ExpectColumnValuesToBeBetween(column="usd_per_unit", min_value=0, strict_min=True),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["rate_date", "currency"]),
    ]


RAW_OMS_SUITES = (
    SuiteSpec(
        name="raw_oms__orders",
        schema="raw",
        table="oms__orders",
        asset_key=("raw", "oms", "orders"),
        description="Orders as loaded: keys present, amounts not negative, statuses known.",
        build=_orders,
    ),
    SuiteSpec(
        name="raw_oms__fx_rates",
        schema="raw",
        table="oms__fx_rates",
        asset_key=("raw", "oms", "fx_rates"),
        description="FX rates as loaded: one positive rate per day and currency.",
        build=_fx_rates,
    ),
)

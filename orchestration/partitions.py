"""Daily partitions of the incremental department facts.

A partition is one day of the facts' own date (order day, session day, ticket creation day). A
backfill of a date range runs as ONE dbt invocation over the whole range (single-run backfill
policy), so loading all history the first time is one run, not one run per day.
"""

from __future__ import annotations

import os

import dagster as dg

# Days before this have no partitions: a backfill starts here at the earliest. Runs that are not
# for a date range (the daily refresh, `make run`) cover every day regardless.
HISTORY_START = os.environ.get("UPT_PARTITIONS_START", "2024-01-01")

daily_partitions = dg.DailyPartitionsDefinition(start_date=HISTORY_START, end_offset=1)

single_run_backfill = dg.BackfillPolicy.single_run()


def dbt_window_vars(context: dg.AssetExecutionContext) -> dict[str, str]:
    """The run's date range as the dbt vars `incremental_rows` reads (end exclusive); no vars
    when the run is not for a date range."""
    if not (context.has_partition_key or context.has_partition_key_range):
        return {}
    window = context.partition_time_window
    return {
        "upt_window_start": window.start.date().isoformat(),
        "upt_window_end": window.end.date().isoformat(),
    }

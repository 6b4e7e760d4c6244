"""Jobs: what a scheduled or manual run materialises."""

from __future__ import annotations

import dagster as dg

# Everything, from the raw loads to the published pages. Landing folders are external assets and
# are not part of a run.
refresh_all_job = dg.define_asset_job(
    name="refresh_all",
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups("landing"),
    description="Load new landing files, rebuild the warehouse, run the quality gate, publish the site.",
    executor_def=dg.in_process_executor,
)

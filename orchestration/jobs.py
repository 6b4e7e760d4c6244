"""Jobs: what a scheduled, sensed or manual run materialises."""

from __future__ import annotations

import dagster as dg

from orchestration.publish.assets import REPORTS_GROUP

# For steps without a retry policy of their own (the quality gate, the site build): a locked file
# or a dropped connection clears up; a deterministic failure fails the same way three times, fast.
TRANSIENT_RETRY_POLICY = dg.RetryPolicy(max_retries=2, delay=5, backoff=dg.Backoff.EXPONENTIAL)

# Everything, from the raw loads to the published pages. Landing folders are external assets and
# are not part of a run. One process runs the steps one after another (the warehouse has one
# writer at a time anyway), and it holds the warehouse lock for the whole run.
refresh_all_job = dg.define_asset_job(
    name="refresh_all",
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups("landing"),
    description="Load new landing files, rebuild the warehouse, run the quality gate, publish the site.",
    executor_def=dg.in_process_executor,
    op_retry_policy=TRANSIENT_RETRY_POLICY,
)

# The report pages rebuilt from the warehouse as it is, and published: the weekly and monthly
# publications (a new release of the site, dated, with the latest complete week or month).
publish_reports_job = dg.define_asset_job(
    name="publish_reports",
    selection=dg.AssetSelection.groups(REPORTS_GROUP),
    description="Rebuild every report page from the warehouse as it is and publish the site.",
    executor_def=dg.in_process_executor,
    op_retry_policy=TRANSIENT_RETRY_POLICY,
)

"""The UPT code location: assembles the assets, checks, jobs and resources of each concern."""

from __future__ import annotations

import dagster as dg

from orchestration.ingest.assets import build_ingest_definitions
from orchestration.jobs import publish_reports_job, refresh_all_job
from orchestration.publish.assets import build_report_assets
from orchestration.quality_gate.checks import build_quality_checks
from orchestration.resources import LandingResource, SiteResource, WarehouseResource
from orchestration.schedules import build_schedules
from orchestration.sensors import build_sensors
from orchestration.settings import Settings
from orchestration.transform.assets import build_dbt_assets, build_dbt_resource
from orchestration.transform.project import build_dbt_project


def build_definitions() -> dg.Definitions:
    settings = Settings.from_env()
    project = build_dbt_project()
    landing_specs, raw_assets = build_ingest_definitions()
    return dg.Definitions(
        assets=[*landing_specs, *raw_assets, *build_dbt_assets(project), build_report_assets()],
        asset_checks=build_quality_checks(),
        jobs=[refresh_all_job, publish_reports_job],
        schedules=build_schedules(),
        sensors=build_sensors(),
        resources={
            "warehouse": WarehouseResource.from_settings(settings),
            "landing": LandingResource.from_settings(settings),
            "site": SiteResource.from_settings(settings),
            "dbt": build_dbt_resource(project),
        },
    )


defs = build_definitions()

"""When runs start on their own: the daily refresh and the weekly and monthly publications.

They run in the Dagster daemon (`make dev` starts it with the UI). Times are in
`UPT_SCHEDULE_TIMEZONE` (default UTC). Schedules and the landing sensor start switched on when
`UPT_AUTOMATION=on` (as `make dev` sets it) and switched off otherwise; either way they can be
switched in the UI (Automation).
"""

from __future__ import annotations

import os

import dagster as dg

from orchestration.jobs import publish_reports_job, refresh_all_job

SCHEDULE_TIMEZONE = os.environ.get("UPT_SCHEDULE_TIMEZONE", "UTC")


def automation_enabled() -> bool:
    return os.environ.get("UPT_AUTOMATION", "off").lower() in ("on", "1", "true", "yes")


def default_schedule_status() -> dg.DefaultScheduleStatus:
    return dg.DefaultScheduleStatus.RUNNING if automation_enabled() else dg.DefaultScheduleStatus.STOPPED


def build_schedules() -> list[dg.ScheduleDefinition]:
    status = default_schedule_status()
    return [
        dg.ScheduleDefinition(
            name="daily_refresh",
            job=refresh_all_job,
            cron_schedule="0 5 * * *",
            execution_timezone=SCHEDULE_TIMEZONE,
            default_status=status,
            description="Every day at 05:00: load what landed, rebuild, check and publish.",
        ),
        dg.ScheduleDefinition(
            name="weekly_report_publication",
            job=publish_reports_job,
            cron_schedule="0 6 * * 1",
            execution_timezone=SCHEDULE_TIMEZONE,
            default_status=status,
            tags={"upt/publication": "weekly"},
            description="Mondays at 06:00, after the daily refresh: the weekly publication of the site.",
        ),
        dg.ScheduleDefinition(
            name="monthly_report_publication",
            job=publish_reports_job,
            cron_schedule="0 6 1 * *",
            execution_timezone=SCHEDULE_TIMEZONE,
            default_status=status,
            tags={"upt/publication": "monthly"},
            description="The 1st of each month at 06:00: the monthly publication of the site.",
        ),
    ]

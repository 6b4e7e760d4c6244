"""A clean run of the small company passes every check of the gate, and the published data-trust
page says so, with the row count and newest row of every source."""

from __future__ import annotations

import json

from orchestration.ingest.contracts import load_contracts
from quality.suites import ALL_SUITES
from tests.company import SmallCompany
from tests.reports.site_checks import visible_text


def _check_evaluations(company: SmallCompany) -> dict[tuple[str, str], bool]:
    return {
        (event.event_specific_data.asset_key.to_user_string(), event.event_specific_data.check_name): (
            event.event_specific_data.passed
        )
        for event in company.run.all_events
        if event.event_type_value == "ASSET_CHECK_EVALUATION"
    }


def test_a_clean_run_passes_every_check(small_company: SmallCompany) -> None:
    assert small_company.run.success
    evaluations = _check_evaluations(small_company)
    gx = {name for _, name in evaluations if name.startswith("gx_")}
    assert gx == {f"gx_{suite.name}" for suite in ALL_SUITES}
    assert len(evaluations) > len(gx)  # the dbt tests are checks too
    assert [name for name, passed in evaluations.items() if not passed] == []


def test_the_trust_page_shows_every_source_passed_with_its_rows(small_company: SmallCompany) -> None:
    site = (small_company.site_dir / "current").resolve()
    page = visible_text((site / "data-trust" / "index.html").read_text(encoding="utf-8"))
    assert "Quality gate passed" in page and "Quality gate blocked" not in page
    status = (site / "data-trust" / "status.js").read_text(encoding="utf-8")
    results = json.loads((site / "data-trust" / "quality-results.json").read_text(encoding="utf-8"))
    # No failure, and not even a warning.
    assert '"state": "ok"' in status, results["quality_failures"]
    checks = {row["check_name"]: row for row in results["quality_checks"]}
    for table in (t for system in load_contracts() for t in system.tables):
        [[rows]] = small_company.query(f"select count(*) from raw.{table.raw_table}")
        record = checks[f"gx_raw_{table.raw_table}"]
        assert record["passed"] and record["row_count"] == rows, table.raw_table
        assert checks[f"load_{table.raw_table}"]["passed"]
        assert f"raw.{table.raw_table}" in page
        if table.loaded_at_field:
            [[newest]] = small_company.query(
                f"select max({table.loaded_at_field}) from raw.{table.raw_table}"
            )
            assert record["freshest"] is None or record["freshest"][:10] == str(newest)[:10]
    dbt_tests = [name for _, name in _check_evaluations(small_company) if not name.startswith("gx_")]
    assert checks["dbt_tests"]["passed"] and checks["dbt_tests"]["row_count"] == len(dbt_tests)
    assert f"All {len(dbt_tests)} dbt tests passed." in page
    expectations = results["quality_expectations"]
    assert expectations and all(row["success"] for row in expectations)

"""The planted scenarios are found, with their planted cause, and false alarms stay rare.

The bound on false alarms: at most 1% of the rated series-periods (days, weeks and four-week
windows of every rated series) may raise an alert that no planted scenario explains. Real
companies (and the simulated one) have unplanned events too: a stock-out, a large B2B deal, a
campaign pausing; 1% keeps the alert list to a few items a week for the whole company.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.insights.score import TruthFileError, main, score
from tests.insights.conftest import PlantedCompany

MAX_FALSE_ALARM_RATE = 0.01


def test_every_planted_scenario_is_found_with_its_cause(planted_company: PlantedCompany) -> None:
    result = score(planted_company.warehouse_path, planted_company.truth_path)
    planted = {s["name"] for s in planted_company.truth["scenarios"]}
    assert planted == {
        "training_cut",
        "warehouse_slowdown",
        "site_change_conversion_drop",
        "marketing_budget_cut",
    }
    assert {s.name for s in result.scenarios if s.found} == planted, result.report()
    for scenario in result.scenarios:
        assert scenario.evidence is not None
        assert scenario.evidence.drivers, scenario.name


def test_false_alarms_stay_below_the_bound(planted_company: PlantedCompany) -> None:
    result = score(planted_company.warehouse_path, planted_company.truth_path)
    assert result.rated_periods > 10_000
    assert result.false_alarm_rate <= MAX_FALSE_ALARM_RATE, result.report()
    # every alert is either explained by a scenario or counted as false
    without_truth = score(planted_company.warehouse_path, None)
    assert len(without_truth.false_alarms) == without_truth.alerts == result.alerts
    assert len(result.false_alarms) < result.alerts


def test_score_command_prints_the_score(planted_company: PlantedCompany) -> None:
    warehouse, truth = str(planted_company.warehouse_path), str(planted_company.truth_path)
    command = [
        sys.executable,
        "-m",
        "orchestration.insights.score",
        "--warehouse",
        warehouse,
        "--truth",
        truth,
    ]
    completed = subprocess.run(command, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert "found/planted: 4/4" in completed.stdout
    assert "false alarms:" in completed.stdout


def test_score_without_truth_counts_false_alarms_only(
    planted_company: PlantedCompany, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--warehouse", str(planted_company.warehouse_path)]) == 0
    printed = capsys.readouterr().out
    assert "found/planted" not in printed and "false alarms:" in printed


def test_bad_truth_file_is_named(
    planted_company: PlantedCompany, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "truth.json"
    broken.write_text(json.dumps({"scenarios": [{"name": "x", "start_date": "2025-02-30"}]}))
    with pytest.raises(TruthFileError, match=r"truth\.json: scenarios\[0\]"):
        score(planted_company.warehouse_path, broken)
    not_json = tmp_path / "not.json"
    not_json.write_text("scenarios:")
    assert main(["--warehouse", str(planted_company.warehouse_path), "--truth", str(not_json)]) == 2
    assert "not.json" in capsys.readouterr().err
    assert main(["--warehouse", str(tmp_path / "missing.duckdb")]) == 2
    assert "missing.duckdb" in capsys.readouterr().err

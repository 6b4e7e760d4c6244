"""Publishing: an atomic swap of the `current` link, dated releases kept, and one Dagster asset
per page file with the marts it reads as its lineage."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import pytest

from orchestration.publish.assets import build_report_assets
from reports.engine.pages import PAGES_DIR
from reports.engine.queries import QueryError
from reports.engine.site import publish, published_dir


def test_each_publish_is_a_new_dated_release_swapped_in_atomically(
    mart_warehouse: Path, tmp_path: Path
) -> None:
    site_dir = tmp_path / "site"
    first = publish(site_dir, mart_warehouse)
    second = publish(site_dir, mart_warehouse)
    assert os.readlink(site_dir / "current") == f"releases/{second.release_dir.name}"
    assert published_dir(site_dir) == second.release_dir.resolve()
    assert first.release_dir.is_dir() and first.release_dir != second.release_dir
    assert (site_dir / "current" / "kpis" / "revenue.html").is_file()


def test_a_failed_build_leaves_the_published_site_alone(mart_warehouse: Path, tmp_path: Path) -> None:
    site_dir = tmp_path / "site"
    good = publish(site_dir, mart_warehouse)
    broken = tmp_path / "pages"
    broken.mkdir()
    (broken / "index.md").write_text("```sql q\nselect missing from core.dim_kpi\n```\n# Broken\n")
    with pytest.raises(QueryError):
        publish(site_dir, mart_warehouse, broken)
    assert published_dir(site_dir) == good.release_dir.resolve()
    assert [p.name for p in (site_dir / "releases").iterdir()] == [good.release_dir.name]


def test_one_asset_per_page_file_depending_on_the_marts_it_reads() -> None:
    specs = {spec.key.to_user_string(): spec for spec in build_report_assets().specs}
    files = [p for p in PAGES_DIR.rglob("*.md")]
    assert len(specs) == len(files)
    kpi_pages = specs["reports/kpis/kpi_id"]
    deps = {dep.asset_key.to_user_string() for dep in kpi_pages.deps}
    assert {"core/dim_kpi", "scorecard/fct_kpi_values", "core/dim_strategy_link"} <= deps
    assert kpi_pages.metadata["url"] == "kpis/{kpi_id}.html"
    index_deps = {dep.asset_key for dep in specs["reports/index"].deps}
    assert dg.AssetKey(["scorecard", "fct_scorecard"]) in index_deps

"""The dbt docs page written without starting dbt, against the page dbt itself writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from orchestration.settings import DBT_TARGET_DIR, PROJECT_ROOT
from orchestration.transform.dbt_cli import LeanDbtCliResource, write_static_docs
from orchestration.transform.project import dbt_env, dbt_executable, ensure_manifest


def test_the_docs_page_matches_dbt_docs_generate_static(tmp_path: Path) -> None:
    # dbt's own static page of the project's manifest, for comparison (empty catalog, no warehouse).
    ensure_manifest(DBT_TARGET_DIR / "manifest.json")
    target = tmp_path / "target"
    target.mkdir()
    for artefact in ("manifest.json", "partial_parse.msgpack"):  # dbt then parses nothing again
        shutil.copy2(DBT_TARGET_DIR / artefact, target / artefact)
    env = {**os.environ, **dbt_env(), "UPT_WAREHOUSE_PATH": str(tmp_path / "upt.duckdb")}
    dbt_docs = [dbt_executable(), "docs", "generate", "--static", "--no-compile", "--empty-catalog"]
    subprocess.run([*dbt_docs, "--target-path", str(target)], cwd=PROJECT_ROOT, env=env, check=True)
    theirs = (target / "static_index.html").read_text()

    ours = write_static_docs(target / "manifest.json", tmp_path / "docs" / "index.html").read_text()

    # The same page but for the catalog's own metadata (when and by which invocation it was made).
    catalog = (target / "catalog.json").read_text()
    before, after = theirs.split(catalog)
    assert ours.startswith(before) and ours.endswith(after)
    ours_catalog = json.loads(ours[len(before) : len(ours) - len(after)])
    assert ours_catalog["nodes"] == ours_catalog["sources"] == {}
    assert ours_catalog["metadata"]["dbt_version"] == json.loads(catalog)["metadata"]["dbt_version"]
    assert "fct_kpi_values" in before and "MANIFEST.JSON INLINE DATA" not in ours


def test_the_docs_page_refuses_a_template_it_does_not_know(tmp_path: Path, monkeypatch) -> None:
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps({"metadata": {"dbt_version": "1"}, "nodes": {}}))
    monkeypatch.setattr("orchestration.transform.dbt_cli._MANIFEST_PLACEHOLDER", '"NOT IN THE PAGE"')
    with pytest.raises(ValueError, match=r"index\.html has no place for the manifest"):
        write_static_docs(manifest, tmp_path / "index.html")
    assert not (tmp_path / "index.html").exists()


def test_the_cli_resource_reports_this_environments_dbt() -> None:
    resource = LeanDbtCliResource(project_dir=str(PROJECT_ROOT), dbt_executable=dbt_executable())
    printed = subprocess.run(
        [dbt_executable(), "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert f"installed: {resource._cli_version}" in printed

"""The whole dbt project (seeds, models, tests) as one set of Dagster assets and checks."""

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

from orchestration.settings import DBT_TARGET_DIR, Settings
from orchestration.transform.project import dbt_executable
from orchestration.transform.translator import UptDbtTranslator

# Where the latest build's dbt docs wait to be published with the report site.
DBT_DOCS_PATH = DBT_TARGET_DIR / "docs" / "index.html"


def build_dbt_assets(project: DbtProject) -> dg.AssetsDefinition:
    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=UptDbtTranslator(),
        name="dbt_models",
    )
    def _dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
        Settings.from_env().export_for_dbt()
        invocation = dbt.cli(["build"], context=context)
        yield from invocation.stream()
        write_dbt_docs(dbt, invocation.target_path)

    return _dbt_models


def write_dbt_docs(dbt: DbtCliResource, target_path: Path) -> Path:
    """The dbt docs of the project just built, as one self-contained HTML file, for the site.

    `--empty-catalog` leaves out the warehouse's column statistics: the docs still show every
    model, description, test, contract type and the lineage, and take a few seconds, not ten.
    """
    dbt.cli(
        ["docs", "generate", "--static", "--no-compile", "--empty-catalog"], target_path=target_path
    ).wait()
    DBT_DOCS_PATH.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(target_path / "static_index.html", DBT_DOCS_PATH)
    return DBT_DOCS_PATH


def build_dbt_resource(project: DbtProject) -> DbtCliResource:
    return DbtCliResource(
        project_dir=project,
        dbt_executable=dbt_executable(),
        target=Settings.from_env().dbt_target,
    )

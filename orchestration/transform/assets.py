"""The whole dbt project (seeds, models, tests) as one set of Dagster assets and checks."""

from collections.abc import Iterator
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

from orchestration.settings import Settings
from orchestration.transform.project import dbt_executable
from orchestration.transform.translator import UptDbtTranslator


def build_dbt_assets(project: DbtProject) -> dg.AssetsDefinition:
    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=UptDbtTranslator(),
        name="dbt_models",
    )
    def _dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource) -> Iterator[Any]:
        Settings.from_env().export_for_dbt()
        yield from dbt.cli(["build"], context=context).stream()

    return _dbt_models


def build_dbt_resource(project: DbtProject) -> DbtCliResource:
    return DbtCliResource(
        project_dir=project,
        dbt_executable=dbt_executable(),
        target=Settings.from_env().dbt_target,
    )

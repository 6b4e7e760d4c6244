"""How dbt nodes become Dagster assets: keys, groups, owners and kinds from dbt's metadata.

- sources: `raw/<source>/<table>`, the keys of the ingestion assets, so lineage joins up;
- models and seeds: `<schema>/<name>`, the relation they build (e.g. `scorecard/fct_kpi_values`),
  so a report page's SQL (`from scorecard.fct_kpi_values`) maps straight to its asset;
- groups: the model's folder under models/ (`staging_oms`, `intermediate_sales`, `marts_core`);
- owners: the `owner` in the model's `meta` (set per folder in dbt_project.yml);
- kinds: dbt, the warehouse, and how the model is stored (table or view);
- descriptions: dbt's own (the model's YAML), as dagster-dbt does by default.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtProject

# How each dbt materialisation is stored, as a Dagster kind (an incremental model is a table).
STORAGE_KINDS = {"table": "table", "incremental": "table", "view": "view", "seed": "table"}


class UptDbtTranslator(DagsterDbtTranslator):
    def __init__(self) -> None:
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(["raw", dbt_resource_props["source_name"], dbt_resource_props["name"]])
        schema = dbt_resource_props.get("schema") or "main"
        name = dbt_resource_props.get("alias") or dbt_resource_props["name"]
        return dg.AssetKey([schema, name])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        folders = list(dbt_resource_props.get("fqn", [])[1:-1])
        return "_".join(folders[:2]) if folders else "dbt"

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        storage = STORAGE_KINDS.get((props.get("config") or {}).get("materialized", ""))
        return spec.merge_attributes(kinds={storage}) if storage else spec

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> list[str] | None:
        owner = (dbt_resource_props.get("meta") or {}).get("owner") or (
            dbt_resource_props.get("config", {}).get("meta") or {}
        ).get("owner")
        if not owner:
            return None
        # Dagster owners are e-mail addresses or teams; a role name becomes a team.
        return [owner if "@" in owner or owner.startswith("team:") else f"team:{owner}"]

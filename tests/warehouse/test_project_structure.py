"""The dbt project keeps the layering and naming rules: only staging reads sources, no mart
joins a source, names carry their layer, every model is described and has a tested key."""

from __future__ import annotations

import json
import re

import pytest

from orchestration.transform.project import build_dbt_project

LAYER_PATTERNS = {
    "staging": re.compile(r"^stg_[a-z0-9]+__[a-z0-9_]+$"),
    "intermediate": re.compile(r"^int_[a-z0-9_]+$"),
    "marts": re.compile(r"^(dim|fct)_[a-z0-9_]+$"),
}


@pytest.fixture(scope="module")
def manifest() -> dict:
    project = build_dbt_project()  # parses the project when the manifest is out of date
    return json.loads(project.manifest_path.read_text())


def _models(manifest: dict) -> list[dict]:
    return [
        n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["package_name"] == "upt"
    ]


def _layer(node: dict) -> str:
    return node["fqn"][1]


def test_only_staging_models_read_sources(manifest: dict) -> None:
    readers = {
        n["name"] for n in _models(manifest) if any(d.startswith("source.") for d in n["depends_on"]["nodes"])
    }
    assert readers, "staging models read the sources"
    assert {n["name"] for n in _models(manifest) if n["name"] in readers and _layer(n) != "staging"} == set()


def test_each_staging_model_reads_exactly_one_source_table(manifest: dict) -> None:
    for node in _models(manifest):
        if _layer(node) == "staging":
            sources = [d for d in node["depends_on"]["nodes"] if d.startswith("source.")]
            assert len(sources) == 1, node["name"]


def test_every_source_table_has_a_staging_model(manifest: dict) -> None:
    read = {d for n in _models(manifest) for d in n["depends_on"]["nodes"] if d.startswith("source.")}
    assert set(manifest["sources"]) == read


@pytest.mark.parametrize("layer", sorted(LAYER_PATTERNS))
def test_model_names_carry_their_layer(manifest: dict, layer: str) -> None:
    pattern = LAYER_PATTERNS[layer]
    wrong = [n["name"] for n in _models(manifest) if _layer(n) == layer and not pattern.match(n["name"])]
    assert wrong == []


def test_every_model_and_every_mart_column_is_described(manifest: dict) -> None:
    undescribed = [n["name"] for n in _models(manifest) if not n["description"].strip()]
    assert undescribed == []
    for node in _models(manifest):
        if _layer(node) == "marts":
            missing = [c for c, col in node["columns"].items() if not col["description"].strip()]
            assert missing == [], node["name"]


def test_every_model_has_a_tested_primary_key(manifest: dict) -> None:
    tests_by_model: dict[str, set[str]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] == "test" and node.get("test_metadata"):
            name = node["test_metadata"]["name"]
            for parent in node["depends_on"]["nodes"]:
                tests_by_model.setdefault(parent, set()).add(name)
    lacking = [
        n["name"]
        for n in _models(manifest)
        if not ({"unique", "unique_combination"} & tests_by_model.get(n["unique_id"], set()))
    ]
    assert lacking == []


def test_public_marts_enforce_contracts(manifest: dict) -> None:
    unenforced = [
        n["name"]
        for n in _models(manifest)
        if _layer(n) == "marts" and not n["config"]["contract"]["enforced"]
    ]
    assert unenforced == []

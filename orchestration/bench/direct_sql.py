"""The baseline of the transform: the SQL dbt compiled, run straight in DuckDB, without dbt or Dagster.

`compile_project` has dbt compile every model and test (as a full refresh, so incremental models
compile to their whole-table query) against a copy of a built warehouse; `run_compiled` then
executes each model's compiled SQL in DAG order as `create or replace table|view ... as`, and
each test as a count of its failing rows, on that copy. Seeds are already in the copy.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

import duckdb

from orchestration.settings import PROJECT_ROOT
from orchestration.transform.project import dbt_env, dbt_executable

INSIGHTS_FOLDER = "insights"
VIEW_MATERIALIZATIONS = ("view",)
BUILT_MATERIALIZATIONS = ("table", "incremental", "view")


def compile_project(warehouse: Path, target_dir: Path, env: dict[str, str]) -> Path:
    """`dbt compile --full-refresh` against `warehouse`; returns the manifest with compiled SQL."""
    subprocess.run(
        [dbt_executable(), "compile", "--full-refresh", "--quiet", "--target-path", str(target_dir)],
        cwd=PROJECT_ROOT,
        env={**env, **dbt_env(), "UPT_WAREHOUSE_PATH": str(warehouse), "UPT_DBT_TARGET": "duckdb"},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return target_dir / "manifest.json"


def _part(node: dict[str, Any], nodes: dict[str, Any]) -> str:
    """`insights` for the insights models and their tests, `transform` for the rest."""
    if node["resource_type"] == "test":
        parents = [nodes[p] for p in node["depends_on"]["nodes"] if p in nodes]
        return "insights" if any(_part(p, nodes) == "insights" for p in parents) else "transform"
    return "insights" if INSIGHTS_FOLDER in node["fqn"][1:-1] else "transform"


def _runnable(node: dict[str, Any]) -> bool:
    if node["resource_type"] == "test":
        return bool(node.get("compiled_code"))
    return node["resource_type"] == "model" and node["config"]["materialized"] in BUILT_MATERIALIZATIONS


def _statement(node: dict[str, Any]) -> str:
    # A newline before the closing parenthesis: compiled SQL may end in a line comment.
    if node["resource_type"] == "test":
        return f"select count(*) from (\n{node['compiled_code']}\n) as failures"
    kind = "view" if node["config"]["materialized"] in VIEW_MATERIALIZATIONS else "table"
    return f"create or replace {kind} {node['relation_name']} as (\n{node['compiled_code']}\n)"


def run_compiled(manifest_path: Path, warehouse: Path) -> dict[str, Any]:
    nodes = {
        uid: node
        for uid, node in json.loads(manifest_path.read_text())["nodes"].items()
        if node.get("package_name") == "upt" and _runnable(node)
    }
    graph = {uid: [p for p in node["depends_on"]["nodes"] if p in nodes] for uid, node in nodes.items()}
    order = list(TopologicalSorter(graph).static_order())
    seconds = {"transform": 0.0, "insights": 0.0}
    counts = {"transform": 0, "insights": 0}
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(f"set threads = {os.cpu_count() or 1}")
        for uid in order:
            node = nodes[uid]
            part = _part(node, nodes)
            started = time.perf_counter()
            con.execute(_statement(node)).fetchall()
            seconds[part] += time.perf_counter() - started
            counts[part] += 1
    finally:
        con.close()
    # The dbt build stage builds the whole project, insights included: so does `transform` here.
    return {
        "rows": 0,
        "transform_seconds": round(seconds["transform"] + seconds["insights"], 3),
        "insights_seconds": round(seconds["insights"], 3),
        "transform_nodes": counts["transform"] + counts["insights"],
        "insights_nodes": counts["insights"],
    }

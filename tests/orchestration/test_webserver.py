"""`dagster dev` on a tiny project: the asset graph, checks, schedules and sensors as its GraphQL API
serves them, a run launched through the API (queued, then started by the daemon) that succeeds,
and the asset-graph page in headless Chromium without console errors."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg
import pytest

from tests.conftest import ProjectPaths
from tests.landing_files import write_small_order_history
from tests.orchestration.helpers import REPO

DAGSTER = str(Path(sys.executable).with_name("dagster"))
STARTUP_LIMIT_SECONDS = 240
RUN_LIMIT_SECONDS = 300

ASSETS_QUERY = """
{ assetNodes { assetKey { path } dependencyKeys { path } groupName
    assetChecksOrError { ... on AssetChecks { checks { name } } } } }
"""
AUTOMATION_QUERY = """
{ repositoriesOrError { ... on RepositoryConnection { nodes { name location { name }
    schedules { name cronSchedule } sensors { name sensorType } } } } }
"""
LAUNCH_MUTATION = """
mutation Launch($params: ExecutionParams!) { launchRun(executionParams: $params) {
    __typename ... on LaunchRunSuccess { run { runId } } ... on PythonError { message }
    ... on InvalidSubsetError { message } ... on RunConfigValidationInvalid { errors { message } } } }
"""
RUN_QUERY = "query Run($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }"


@dataclass(frozen=True)
class DagsterDev:
    url: str
    log: Path
    defs: dg.Definitions  # the same code location, loaded in this process

    def graphql(self, query: str, variables: dict | None = None) -> dict[str, Any]:
        request = urllib.request.Request(
            f"{self.url}/graphql",
            data=json.dumps({"query": query, "variables": variables or {}}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            body = json.loads(response.read())
        assert "errors" not in body, body["errors"]
        return body["data"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    # dagster dev runs the webserver, the daemon and a code server: stop the whole group.
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture
def dagster_dev(project_env: ProjectPaths, tmp_path: Path) -> Iterator[DagsterDev]:
    write_small_order_history(project_env.landing_dir)
    from orchestration.instance import ensure_dagster_home

    ensure_dagster_home()
    from orchestration.definitions import build_definitions

    defs = build_definitions()  # first, so the server finds the dbt manifest current
    port = _free_port()
    log = tmp_path / "dagster-dev.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [DAGSTER, "dev", "-m", "orchestration.definitions", "-h", "127.0.0.1", "-p", str(port)],
            cwd=REPO,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = DagsterDev(url=f"http://127.0.0.1:{port}", log=log, defs=defs)
    try:
        deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"dagster dev exited:\n{log.read_text()[-3000:]}")
            try:
                if server.graphql("{ version }")["version"]:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"dagster dev did not answer:\n{log.read_text()[-3000:]}")
            time.sleep(1)
        yield server
    finally:
        _stop(process)


def _wait_for_run(server: DagsterDev, run_id: str) -> str:
    deadline = time.monotonic() + RUN_LIMIT_SECONDS
    status = "QUEUED"
    while time.monotonic() < deadline:
        status = server.graphql(RUN_QUERY, {"id": run_id})["runOrError"]["status"]
        if status in ("SUCCESS", "FAILURE", "CANCELED"):
            return status
        time.sleep(1)
    return status


def test_dagster_dev_serves_the_graph_runs_a_launched_job_and_draws_the_graph(
    dagster_dev: DagsterDev, project_env: ProjectPaths, browser: Any, screenshots: Path
) -> None:
    defs = dagster_dev.defs
    graph = defs.resolve_asset_graph()

    nodes = dagster_dev.graphql(ASSETS_QUERY)["assetNodes"]
    served_edges = {
        ("/".join(dep["path"]), "/".join(node["assetKey"]["path"]))
        for node in nodes
        for dep in node["dependencyKeys"]
    }
    expected_edges = {
        (parent.to_user_string(), key.to_user_string())
        for key in graph.get_all_asset_keys()
        for parent in graph.get(key).parent_keys
    }
    assert served_edges == expected_edges
    served_keys = {"/".join(node["assetKey"]["path"]) for node in nodes}
    pages = {key for key in served_keys if key.startswith("reports/")}
    assert pages, "the report pages are assets"
    parents: dict[str, set[str]] = {}
    for parent, child in served_edges:
        parents.setdefault(child, set()).add(parent)

    def ancestors(key: str) -> set[str]:
        seen, todo = set(), [key]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    # Every page that reads the warehouse traces back to the landing folders of its sources.
    for page in (page for page in pages if page in parents):
        assert any(a.startswith("landing/") for a in ancestors(page)), f"{page} reaches no landing folder"
    assert {"landing/oms", "raw/oms/orders", "scorecard/fct_kpi_values"} <= ancestors("reports/index")
    assert {"landing/web", "sales/fct_orders"} <= ancestors("reports/departments/sales/orders")
    served_checks = {
        ("/".join(node["assetKey"]["path"]), check["name"])
        for node in nodes
        for check in (node["assetChecksOrError"] or {}).get("checks", [])
    }
    expected_checks = {
        (spec.asset_key.to_user_string(), spec.name)
        for checks_def in [*defs.asset_checks, *graph.assets_defs]
        for spec in checks_def.check_specs
    }
    assert served_checks == expected_checks
    assert ("raw/oms/orders", "gx_raw_oms__orders") in served_checks

    (repository,) = dagster_dev.graphql(AUTOMATION_QUERY)["repositoriesOrError"]["nodes"]
    schedules = {s["name"]: s["cronSchedule"] for s in repository["schedules"]}
    assert schedules == {
        "daily_refresh": "0 5 * * *",
        "weekly_report_publication": "0 6 * * 1",
        "monthly_report_publication": "0 6 1 * *",
    }
    sensors = {s["name"]: s["sensorType"] for s in repository["sensors"]}
    assert sensors == {"landing_files": "STANDARD", "alert_on_run_failure": "RUN_STATUS"}

    launched = dagster_dev.graphql(
        LAUNCH_MUTATION,
        {
            "params": {
                "selector": {
                    "repositoryLocationName": repository["location"]["name"],
                    "repositoryName": repository["name"],
                    "jobName": "refresh_all",
                    "assetSelection": [{"path": ["raw", "oms", p]} for p in ("orders", "fx_rates")],
                    # The raw loads alone: the quality gate's checks have their own tests.
                    "assetCheckSelection": [],
                },
                "runConfigData": {},
            }
        },
    )["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]
    assert _wait_for_run(dagster_dev, run_id) == "SUCCESS", dagster_dev.log.read_text()[-3000:]
    instance = dg.DagsterInstance.get()
    materialized = {
        record.dagster_event.asset_key.to_user_string()
        for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION)
    }
    assert materialized == {"raw/oms/orders", "raw/oms/fx_rates"}

    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{dagster_dev.url}/asset-groups", wait_until="networkidle")
        # A first visit may greet with an invitation to the Dagster community: dismiss it.
        skip = page.get_by_role("button", name="Skip")
        if skip.count():
            skip.click()
        # The lineage of the groups, from the landing folders on.
        for group in ("landing", "raw_oms", "marts_sales", "marts_scorecard"):
            page.locator("svg").get_by_text(group, exact=True).first.wait_for(timeout=60_000)
        page.screenshot(path=str(screenshots / "dagster-asset-graph.png"))
    finally:
        page.close()
    assert errors == []
    assert (screenshots / "dagster-asset-graph.png").stat().st_size > 20_000

"""A run that fails on a bad landing file raises an alert: a log line, a line in the alerts file,
and a JSON POST to a real webhook receiver on loopback, each naming the run, the failed asset and
the error."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import dagster as dg
import pytest

from orchestration.alerts import alerts_path
from tests.conftest import ProjectPaths
from tests.landing_files import ORDER_COLUMNS, order, write_csv, write_small_order_history


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append({"content_type": self.headers["Content-Type"], "body": json.loads(body)})
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # keep the test output clean
        pass


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict]]]:
    handler = type("Receiver", (_Receiver,), {"received": []})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/alerts", handler.received
    finally:
        server.shutdown()
        server.server_close()


def test_a_failed_run_alerts_through_log_file_and_webhook(
    project_env: ProjectPaths, webhook: tuple[str, list[dict]], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, received = webhook
    monkeypatch.setenv("UPT_ALERT_WEBHOOK_URL", url)
    write_small_order_history(project_env.landing_dir)
    bad_file = write_csv(
        project_env.landing_dir / "oms" / "orders" / "orders_2025-02-03.csv",
        ORDER_COLUMNS,
        [order("SO-90", "2025-02-03T10:00:00+01:00", "EUR", "twelve euros")],
    )
    from orchestration.definitions import build_definitions
    from orchestration.sensors import alert_on_run_failure

    instance = dg.DagsterInstance.ephemeral()
    result = (
        build_definitions()
        .resolve_job_def("refresh_all")
        .execute_in_process(
            instance=instance,
            asset_selection=[dg.AssetKey(["raw", "oms", "orders"])],
            raise_on_error=False,
        )
    )
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type == dg.DagsterEventType.RUN_FAILURE)

    context = dg.build_run_status_sensor_context(
        sensor_name="alert_on_run_failure",
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        dagster_event=failure,
    ).for_run_failure()
    alert_on_run_failure(context)

    assert len(received) == 1
    assert received[0]["content_type"] == "application/json"
    posted = received[0]["body"]
    assert posted["run_id"] == result.run_id
    assert posted["job_name"] == "refresh_all"
    assert posted["failed_steps"] == ["raw__oms__orders"]
    assert posted["failed_assets"] == ["raw/oms/orders"]
    assert bad_file.name in posted["error"] and "order_total" in posted["error"]
    assert result.run_id in posted["summary"] and "raw/oms/orders" in posted["summary"]

    lines = alerts_path().read_text().splitlines()
    assert alerts_path().is_relative_to(project_env.data_dir)
    assert [json.loads(line) for line in lines] == [posted]

"""The one headless Chromium (system package) of the test run, with axe-core for accessibility
checks. Registered once in the root conftest: Playwright's sync API allows one instance per thread,
so every test folder shares this session fixture instead of starting its own."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from orchestration.locking import machine_lock
from orchestration.system_packages import apt_install

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_DIR = REPO / ".cache" / "axe-core"
AXE_SCRIPT = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"


def _ensure_chromium() -> Path:
    # The system package: Playwright's own browser download is never used.
    apt_install(["chromium"], CHROMIUM.exists)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser() -> Iterator:  # playwright.sync_api.Browser
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = _ensure_chromium()
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_script() -> str:
    """axe-core's browser script, installed from npm into the repository's .cache on first use."""
    with machine_lock("axe-core"):  # parallel workers: one installs, the others wait for it
        if not AXE_SCRIPT.exists():
            npm = shutil.which("npm")
            if npm is None:
                pytest.fail("npm is needed once to install axe-core into .cache/axe-core")
            AXE_DIR.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [npm, "install", "--prefix", str(AXE_DIR), "--no-audit", "--no-fund", "axe-core@4"],
                check=True,
                capture_output=True,
            )
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS

"""The quality tests open the published site in the same headless Chromium as the report tests."""

from tests.reports.conftest import browser, screenshots

__all__ = ["browser", "screenshots"]

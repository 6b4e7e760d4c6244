"""Deterministic simulator of one mid-size retailer that writes the exports of its source systems
(CRM, order management, marketing, web analytics, ERP, ledger, helpdesk, HRIS) into a landing
folder, in the shapes the contracts in ``orchestration/ingest/contracts`` describe.

    from orchestration.simulator import generate
    summary = generate(Path("data/landing"), seed=42, scale=1.0)
"""

from orchestration.simulator.generate import GenerationSummary, default_range, generate
from orchestration.simulator.scenarios import DEFAULT_SCENARIOS, SCENARIOS

__all__ = ["DEFAULT_SCENARIOS", "SCENARIOS", "GenerationSummary", "default_range", "generate"]

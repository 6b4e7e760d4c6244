"""The demand forecast the company plans staffing with: expected orders and tickets per day and
region from the same drivers the simulation uses, without planted scenarios."""

from __future__ import annotations

import numpy as np

from orchestration.simulator.company import RETAIL_WEEKLY, CompanyState
from orchestration.simulator.reference import REGION_INDEX, REGIONS, RETAIL_STORES
from orchestration.simulator.web import expected_orders

RETAIL_ORDERS_PER_STORE_DAY = 22.0  # scale 1, an ordinary day at the start, store size 1
B2B_ORDERS_PER_DAY = 6.0  # scale 1, company-wide, at the start
# Tickets per order: late parcels, returns, damaged parcels and general questions.
TICKETS_PER_SHIPPED_ORDER = 0.2
TICKETS_PER_RETAIL_ORDER = 0.025


def retail_orders(state: CompanyState) -> np.ndarray:
    """Expected retail orders per day and store (columns in RETAIL_STORES order)."""
    region = np.array([REGION_INDEX[s.region] for s in RETAIL_STORES])
    size = np.array([s.size for s in RETAIL_STORES])
    weekly = RETAIL_WEEKLY[state.calendar.weekday][:, None]
    return RETAIL_ORDERS_PER_STORE_DAY * state.scale * size * state.demand[:, region] * weekly


def shipped_orders(state: CompanyState, clicks: np.ndarray) -> np.ndarray:
    """Expected online and B2B orders per day and region (they leave from the warehouses)."""
    weights = np.array([r.weight for r in REGIONS])
    b2b = B2B_ORDERS_PER_DAY * state.scale * weights[None, :] * state.trend[:, None]
    return expected_orders(state, clicks) + b2b


def tickets(state: CompanyState, clicks: np.ndarray) -> np.ndarray:
    """Expected helpdesk tickets per day and region."""
    region = np.array([REGION_INDEX[s.region] for s in RETAIL_STORES])
    retail = np.zeros((state.calendar.n_total, len(REGIONS)))
    np.add.at(retail.T, region, retail_orders(state).T)
    return TICKETS_PER_SHIPPED_ORDER * shipped_orders(state, clicks) + TICKETS_PER_RETAIL_ORDER * retail

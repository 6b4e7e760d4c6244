"""The warehouse tests use the shared small company (tests/company.py)."""

from tests.company import SmallCompany, mart_kpi

__all__ = ["SmallCompany", "mart_kpi"]

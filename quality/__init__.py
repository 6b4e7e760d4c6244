"""The quality gate: Great Expectations suites, in code, run against the warehouse through SQL."""

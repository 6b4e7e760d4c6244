"""The report site as Dagster assets: one per page file (a templated file makes many pages),
published together."""

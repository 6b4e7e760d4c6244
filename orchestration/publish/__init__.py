"""The report site as Dagster assets: one per page, published together."""

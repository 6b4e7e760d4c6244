"""Apache Spark as UPT's warehouse: the pipeline's Spark session, the DuckDB mirror the readers use,
and the benchmark against DuckDB."""

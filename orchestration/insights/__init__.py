"""The insights layer's Python side: scoring what the anomaly detection finds against the
simulator's planted scenarios (`python -m orchestration.insights.score`). The insights
themselves are dbt models (dbt_project/models/*/insights/)."""

"""End-to-end benchmark of the pipeline: `python -m orchestration.bench --scales 1 10`.

Per scale it generates a demo company into a temporary data folder, runs each stage (generation,
ingest, dbt build, quality gate, insights, reports) in a process of its own, and prints rows, wall
time and peak memory per stage, the end-to-end figure, and five side-by-side ratios. Figures only:
nothing is asserted. See BENCHMARKS.md for the latest figures.
"""

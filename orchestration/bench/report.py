"""The figures of one scale, the ratios between them, and how they are printed and written down."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from orchestration.bench.child import StageResult

# The stages of the table, in pipeline order: (label in the run, name printed).
TABLE_STAGES = (
    ("generate", "generate"),
    ("ingest", "ingest"),
    ("transform", "dbt build"),
    ("gate", "quality gate"),
    ("insights", "insights"),
    ("reports", "reports"),
)
# Targets on this 2-core machine, printed beside the figures (never asserted).
E2E_TARGET_SECONDS = 90.0
E2E_TARGET_SCALE = 10.0
PEAK_TARGET_MB = 3 * 1024
OVERHEAD_TARGET = 1.5
INCREMENTAL_TARGET = 0.10
GATE_SHARE_TARGET = 0.25
DEFINITIONS_TARGET_SECONDS = 5.0
SITE_TARGET_SECONDS = 10.0
SITE_TARGET_SCALE = 1.0
ANALYSIS_HEADING = "## What is slow and why"


@dataclass(frozen=True)
class Ratio:
    name: str
    value: float
    detail: str
    target: str


@dataclass
class ScaleRun:
    scale: float
    start: str
    end: str
    stages: dict[str, StageResult] = field(default_factory=dict)

    def add(self, result: StageResult) -> StageResult:
        self.stages[result.name] = result
        return result

    @property
    def peak_mb(self) -> float:
        return max(stage.peak_mb for stage in self.stages.values())

    def ratios(self) -> list[Ratio]:
        """Every ratio; one whose stages did not run (an interrupted scale) is `not measured`."""
        ratios = []
        for name, target, measure in _RATIO_SPECS:
            try:
                value, detail = measure(self.stages)
            except KeyError:
                value, detail = float("nan"), "not measured"
            ratios.append(Ratio(name, value, detail, target))
        return ratios


Stages = dict[str, StageResult]


def _overhead(s: Stages) -> tuple[float, str]:
    direct = s["transform_direct"].figures
    return _ratio(s["transform"].seconds, direct["transform_seconds"]), (
        f"{s['transform'].seconds:.1f} s vs {direct['transform_seconds']:.1f} s "
        f"({direct['transform_nodes']} models and tests)"
    )


def _insights_overhead(s: Stages) -> tuple[float, str]:
    direct = s["transform_direct"].figures
    return _ratio(s["insights"].seconds, direct["insights_seconds"]), (
        f"{s['insights'].seconds:.1f} s vs {direct['insights_seconds']:.1f} s "
        f"({direct['insights_nodes']} models and tests)"
    )


def _gate_engines(s: Stages) -> tuple[float, str]:
    engines = s["gate_engines"].figures
    return _ratio(engines["pandas_seconds"], engines["sql_seconds"]), (
        f"{engines['pandas_seconds']:.1f} s vs {engines['sql_seconds']:.1f} s ({engines['suites']} suites"
        + (
            f"; {left_out} with tables too large for pandas left out)"
            if (left_out := engines.get("suites_left_out", 0))
            else ")"
        )
    )


def _gate_share(s: Stages) -> tuple[float, str]:
    return _ratio(s["gate"].seconds, s["transform"].seconds), (
        f"{s['gate'].seconds:.1f} s vs {s['transform'].seconds:.1f} s"
    )


def _incremental(s: Stages) -> tuple[float, str]:
    return _ratio(s["incremental"].seconds, s["full_refresh"].seconds), (
        f"{s['incremental'].seconds:.1f} s vs {s['full_refresh'].seconds:.1f} s"
    )


def _backfill(s: Stages) -> tuple[float, str]:
    # The first dbt build made the facts from nothing: their full build, on the same history.
    facts_full = s["transform"].figures["step_seconds"]["dbt_daily_facts"]
    facts_day = s["backfill_day"].figures["step_seconds"]["dbt_daily_facts"]
    return _ratio(facts_day, facts_full), f"{facts_day:.1f} s vs {facts_full:.1f} s (dbt_daily_facts step)"


def _ingest(s: Stages) -> tuple[float, str]:
    return _ratio(s["ingest"].seconds, s["ingest_duckdb"].seconds), (
        f"{s['ingest'].seconds:.1f} s vs {s['ingest_duckdb'].seconds:.1f} s "
        f"({s['ingest_duckdb'].figures['tables']} tables)"
    )


def _definitions(s: Stages) -> tuple[float, str]:
    figures = s["definitions"].figures
    return figures["load_seconds"], (
        f"import of dagster and dagster-dbt {figures['import_seconds']:.1f} s + the code location "
        f"{figures['build_seconds']:.1f} s; {s['definitions'].seconds:.1f} s with interpreter start"
    )


_RATIO_SPECS = (
    ("dbt build through Dagster / compiled SQL in DuckDB", f"<= {OVERHEAD_TARGET}", _overhead),
    ("insights through Dagster / compiled SQL in DuckDB", f"<= {OVERHEAD_TARGET}", _insights_overhead),
    ("quality gate: pandas / SQL", "(SQL is the gate's engine)", _gate_engines),
    ("quality gate / dbt build", f"<= {GATE_SHARE_TARGET:.2f}", _gate_share),
    ("one incremental day / full refresh (refresh_all)", f"<= {INCREMENTAL_TARGET:.2f}", _incremental),
    ("one-day partition backfill / full build of the daily facts", f"<= {INCREMENTAL_TARGET:.2f}", _backfill),
    ("ingest through Dagster / DuckDB's own readers", "(figure only)", _ingest),
    ("Dagster definitions load (s)", f"<= {DEFINITIONS_TARGET_SECONDS:g} s", _definitions),
)


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else float("nan")


def _stage_target(run: ScaleRun, label: str) -> str:
    if label == "reports" and run.scale == SITE_TARGET_SCALE:
        return f"<= {SITE_TARGET_SECONDS:g} s"
    return ""


def _outcome(stage: StageResult) -> str:
    """How a Dagster run ended (its figures cover only what ran); `-` for the other measurements."""
    if "success" not in stage.figures:
        return "-"
    if stage.figures["success"]:
        return "ok"
    return "failed: " + ", ".join(stage.figures.get("failed_steps") or ["see log"])


def _stage_row(run: ScaleRun, label: str, title: str, target: str) -> tuple[str, ...]:
    stage = run.stages.get(label)
    if stage is None:
        return (title, "not measured", "", "", "", target)
    return (
        title,
        f"{stage.rows:,}",
        f"{stage.seconds:.1f}",
        f"{stage.peak_mb:,.0f}",
        _outcome(stage),
        target,
    )


def table_rows(run: ScaleRun) -> list[tuple[str, ...]]:
    """(stage, rows, seconds, peak MB, outcome, target) for the stage table of one scale."""
    rows = [_stage_row(run, label, title, _stage_target(run, label)) for label, title in TABLE_STAGES]
    e2e_target = f"<= {E2E_TARGET_SECONDS:g} s" if run.scale == E2E_TARGET_SCALE else ""
    rows.append(_stage_row(run, "full_refresh", "end to end (refresh_all)", e2e_target))
    parts = sum(run.stages[label].seconds for label, _ in TABLE_STAGES[1:] if label in run.stages)
    rows.append(("sum of the stages above", "", f"{parts:.1f}", "", "", ""))
    rows.append(("peak of every process", "", "", f"{run.peak_mb:,.0f}", "", f"<= {PEAK_TARGET_MB:,} MB"))
    return rows


def side_rows(run: ScaleRun) -> list[tuple[str, ...]]:
    """(measurement, rows, seconds, peak MB, outcome) of the comparison runs."""
    labels = {
        "definitions": "definitions load",
        "ingest_duckdb": "DuckDB readers on the landing files",
        "transform_direct": "compiled SQL straight in DuckDB",
        "gate_engines": "gate suites, SQL then pandas",
        "site_build": "site build outside Dagster",
        "incremental": "incremental day (refresh_all)",
        "backfill_day": "one-day backfill of the daily facts",
        "full_refresh": "full refresh (refresh_all)",
    }
    return [
        (
            title,
            f"{run.stages[label].rows:,}",
            f"{run.stages[label].seconds:.1f}",
            f"{run.stages[label].peak_mb:,.0f}",
            _outcome(run.stages[label]),
        )
        for label, title in labels.items()
        if label in run.stages
    ]


def _format_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = [
        "  ".join(
            f"{cell:<{w}}" if i == 0 else f"{cell:>{w}}"
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in (header, *rows)
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _markdown_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    align = ["---"] + ["---:"] * (len(header) - 1)
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


STAGE_HEADER = ("stage", "rows", "seconds", "peak MB", "run", "target")
SIDE_HEADER = ("measurement", "rows", "seconds", "peak MB", "run")


def _run_title(run: ScaleRun) -> str:
    return f"scale {run.scale:g} ({run.start} to {run.end}, then one more day)"


def format_run(run: ScaleRun) -> str:
    ratio_lines = [f"  {r.name}: {r.value:.2f}  [{r.detail}]  target {r.target}" for r in run.ratios()]
    return "\n".join(
        [
            f"== {_run_title(run)}",
            _format_table(STAGE_HEADER, table_rows(run)),
            "",
            _format_table(SIDE_HEADER, side_rows(run)),
            "",
            "ratios:",
            *ratio_lines,
            *[f"failed step: {failure}" for failure in failed_steps(run)],
        ]
    )


def failed_steps(run: ScaleRun) -> list[str]:
    """Each failed step of the scale's Dagster runs with its error: a figure of a failed run covers
    only what ran, and the run's logs go with its temporary folder."""
    return [
        f"{label}: {step}: {error or 'no error message'}"
        for label, stage in run.stages.items()
        for step, error in sorted(stage.figures.get("step_errors", {}).items())
    ]


def _slowest_steps(run: ScaleRun, count: int = 6) -> str:
    if "full_refresh" not in run.stages:
        return "not measured"
    steps = run.stages["full_refresh"].figures.get("step_seconds", {})
    slowest = sorted(steps.items(), key=lambda item: -item[1])[:count]
    return ", ".join(f"{step} {seconds:.1f} s" for step, seconds in slowest)


def markdown(
    runs: list[ScaleRun],
    command: str,
    started: str,
    machine: str,
    tool_versions: dict[str, str],
    load: str,
    notes: list[str],
    analysis: str,
) -> str:
    parts: list[str] = [
        "# Benchmarks",
        "",
        "Figures, not pass/fail: rows, wall time and peak memory (resident set of the stage's process and "
        "the processes it waited for, such as dbt) per stage, each stage in a fresh process on a demo "
        "company generated into a temporary folder. Rows: written (generate), loaded (ingest), held by "
        "the tables built (dbt build, insights, backfill), checked by the suites (gate), pages published "
        "(reports). Ratios are the first figure over the second, both measured in the same run.",
        "",
        f"- date: {started}",
        f"- machine: {machine}; load average (1 / 5 / 15 min): {load}",
        "- versions: " + ", ".join(f"{name} {v}" for name, v in tool_versions.items()),
        f"- command: `{command}`",
        *[f"- note: {note}" for note in notes],
    ]
    for run in runs:
        parts += [
            "",
            f"## {_run_title(run)}",
            "",
            _markdown_table(STAGE_HEADER, table_rows(run)),
            "",
            _markdown_table(SIDE_HEADER, side_rows(run)),
            "",
            _markdown_table(
                ("ratio", "value", "measured", "target"),
                [(r.name, f"{r.value:.2f}", r.detail, r.target) for r in run.ratios()],
            ),
            "",
            f"Slowest steps of the end-to-end run: {_slowest_steps(run)}.",
        ]
        if failures := failed_steps(run):
            parts += ["", "Failed steps, with the error the run reported:", *(f"- {f}" for f in failures)]
    if analysis:
        parts += ["", analysis.rstrip()]
    return "\n".join(parts) + "\n"


def kept_analysis(path: Path) -> str:
    """The hand-written analysis section of an earlier BENCHMARKS.md, kept across rewrites."""
    if not path.exists():
        return ""
    text = path.read_text()
    at = text.find(ANALYSIS_HEADING)
    return text[at:] if at >= 0 else ""

"""One suite per raw table, built from its landing contract and its rules.

Each suite checks, by SQL in the warehouse: the contract's columns are present with their types;
key columns are never null and, within one landing file, one version per key; amounts are not
negative and scores within their scale; codes come from their allowed sets; event dates fall
between the company's first day and the newest data; each file holds a usual number of rows; and
the newest row is recent (a warning).
"""

from __future__ import annotations

from orchestration.ingest.contracts import TableContract, load_contracts
from orchestration.ingest.writers import LOAD_LOG, RAW_SCHEMA
from quality.suites import builders as b
from quality.suites.raw_rules import RawRules, rules_for
from quality.suites.spec import WARNING, SuiteContext, SuitePart, SuiteSpec

SOURCE_FILE = "_source_file"


def _key_part(contract: TableContract, rules: RawRules) -> SuitePart | None:
    if not contract.primary_key:
        return None
    key = [*contract.primary_key, SOURCE_FILE]
    if rules.resends_within_file:
        # An unchanged re-send is one row here; two different rows under one key are not.
        columns = ", ".join(b.quote_column(c.name) for c in contract.columns)
        query = f"select distinct {columns}, {SOURCE_FILE} from {RAW_SCHEMA}.{contract.raw_table}"
    else:
        query = f"select {', '.join(key)} from {RAW_SCHEMA}.{contract.raw_table}"
    return SuitePart(label="keys", query=query, expectations=[b.unique(key)], index_columns=(SOURCE_FILE,))


def _row_expectations(contract: TableContract, rules: RawRules, context: SuiteContext) -> list:
    types = {c.name: c.type for c in contract.columns}
    events = dict.fromkeys([*filter(None, [contract.loaded_at_field]), *rules.events])
    expectations = [
        # A system that has not delivered yet is shown, not blocked; a collapse of a steady
        # table's files is (see file_volume_part).
        b.rows_present(severity=WARNING),
        *b.not_null(contract.primary_key),
        *(b.at_least(column, 0) for column in rules.non_negative),
        *(b.between(column, low, high) for column, (low, high) in rules.ranges.items()),
        *(b.in_set(column, values) for column, values in rules.allowed.items()),
        *b.dates_in_range({column: types[column] for column in events}, context),
    ]
    if rules.max_lag and contract.loaded_at_field:
        column = contract.loaded_at_field
        expectations.append(b.fresh(column, types[column], rules.max_lag, context))
    return expectations


def raw_suite(contract: TableContract) -> SuiteSpec:
    rules = rules_for(contract.raw_table)

    def build(context: SuiteContext) -> list[SuitePart]:
        relation = f"{RAW_SCHEMA}.{contract.raw_table}"
        parts = [
            b.column_types_part(RAW_SCHEMA, contract.raw_table, {c.name: c.type for c in contract.columns}),
            SuitePart(
                label="rows",
                query=f"select * from {relation}",
                expectations=_row_expectations(contract, rules, context),
                index_columns=(SOURCE_FILE,),
            ),
        ]
        key = _key_part(contract, rules)
        if key:
            parts.append(key)
        if rules.steady_volume:
            volume = b.file_volume_part(RAW_SCHEMA, LOAD_LOG, contract.raw_table, contract.loaded_at_field)
            parts.append(volume)
        return parts

    return SuiteSpec(
        name=f"raw_{contract.raw_table}",
        schema=RAW_SCHEMA,
        table=contract.raw_table,
        asset_key=("raw", contract.system, contract.name),
        description=f"{contract.system} {contract.name} as loaded: contract columns and types, keys, "
        "value ranges and sets, event dates, file sizes, freshness.",
        build=build,
        freshness_column=contract.loaded_at_field,
    )


def raw_suites() -> tuple[SuiteSpec, ...]:
    return tuple(raw_suite(table) for system in load_contracts() for table in system.tables)

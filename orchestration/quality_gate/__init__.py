"""Great Expectations suites as blocking Dagster asset checks."""

# Every GX suite's check is named after its suite with this prefix; dbt's tests never are.
GX_CHECK_PREFIX = "gx_"


def gx_check_name(suite: str) -> str:
    return f"{GX_CHECK_PREFIX}{suite}"

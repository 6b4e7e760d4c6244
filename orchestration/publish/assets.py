"""Report pages as assets. Each page file depends on the marts its SQL reads (directly or through
the shared queries it uses), so lineage runs from the landing files to the page a stakeholder
opens. A templated page file ([kpi_id].md) is one asset for all the pages it makes. All pages are
built together and published in one atomic swap, so the site is never half old and half new."""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg

from orchestration.quality_gate.checks import gate_records
from orchestration.quality_gate.verdict import dbt_tests_record, trust_tables
from orchestration.resources import SiteResource, WarehouseResource
from orchestration.transform.assets import DBT_DOCS_PATH
from reports.engine.pages import PAGES_DIR, Page, discover_pages
from reports.engine.site import Attachment, publish

REPORTS_GROUP = "reports"


def page_key(page: Page) -> dg.AssetKey:
    return dg.AssetKey(["reports", *page.asset_path])


def _page_spec(page: Page) -> dg.AssetSpec:
    kind = "one page per row of its template query" if page.is_template else "report page"
    return dg.AssetSpec(
        key=page_key(page),
        deps=[dg.AssetKey([schema, table]) for schema, table in page.relations],
        group_name=REPORTS_GROUP,
        description=str(page.front_matter.get("description") or f"Report page {page.url}.") + f" ({kind})",
        kinds={"html"},
        metadata={
            "page_source": page.source.relative_to(PAGES_DIR.parents[1]).as_posix(),
            "url": page.url,
        },
    )


def _attachments() -> dict[str, Attachment]:
    """The dbt docs of the latest build, when there are any, go out with the pages."""
    if not DBT_DOCS_PATH.exists():
        return {}
    return {"dbt-docs/index.html": Attachment(title="Model documentation (dbt)", source=DBT_DOCS_PATH)}


def build_report_assets() -> dg.AssetsDefinition:
    pages = discover_pages()

    @dg.multi_asset(specs=[_page_spec(page) for page in pages], name="report_site")
    def _site(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource, site: SiteResource
    ) -> Iterator[dg.MaterializeResult]:
        records = gate_records()
        dbt_tests = dbt_tests_record(context.instance, context.run.run_id)
        if dbt_tests is not None:
            records.save(dbt_tests)
        checks = records.all()
        result = publish(
            site.path,
            Path(warehouse.path),
            attachments=_attachments(),
            trust=trust_tables(checks),
        )
        context.log.info(f"Published {len(result.pages)} page(s) to {result.release_dir}")
        for page in pages:
            urls = result.pages_by_source.get(page.source, [])
            metadata: dict[str, dg.MetadataValue] = {"pages": dg.MetadataValue.int(len(urls))}
            if urls:
                metadata["path"] = dg.MetadataValue.path(str(result.release_dir / urls[0]))
            yield dg.MaterializeResult(asset_key=page_key(page), metadata=metadata)

    return _site

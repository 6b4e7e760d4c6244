"""The site's assets folder: the stylesheet and scripts from reports/static, and the Vega-Lite
bundle that draws the charts.

The bundle (vega, vega-lite and vega-embed, self-contained) comes from the vl-convert-python
package at build time and is written once per site, so no library code lives in the repository and
no page loads anything from the network.
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import vl_convert

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
VEGA_BUNDLE = Path("vendor") / "vega-embed.js"


@functools.cache
def vega_bundle() -> str:
    """vega-embed with Vega and Vega-Lite as one classic script (window.vegaEmbed); built once per
    process because bundling takes a second or two."""
    return vl_convert.javascript_bundle()


def write_assets(site_dir: Path) -> Path:
    """Fill <site_dir>/assets and return it."""
    assets = site_dir / "assets"
    shutil.copytree(STATIC_DIR, assets)
    bundle = assets / VEGA_BUNDLE
    bundle.parent.mkdir(parents=True, exist_ok=True)
    bundle.write_text(vega_bundle(), encoding="utf-8")
    return assets

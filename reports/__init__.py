"""Evidence-style report pages: markdown with named SQL blocks and jinja2 components."""

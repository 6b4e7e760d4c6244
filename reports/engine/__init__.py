"""Turns reports/pages/**/*.md into a static, self-contained site."""

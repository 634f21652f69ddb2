"""Prefect flows and tasks that compose the extractors with I/O, and the `citewatch` CLI."""

"""Prefect flows and tasks that compose the extractors with I/O, and the `citewatch` CLI.

Prefect runs here without a server (an ephemeral one starts per run, shared by the run's worker
processes; a `--pdf-dir` run with no server configured does without Prefect). Defaults that keep
that quiet and reliable on a small machine are set below, before Prefect is imported; anything the
user has set in the environment wins.
"""
import os

for _name, _value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",             # no telemetry writes racing the run
    "PREFECT_TELEMETRY_ENABLE_RESOURCE_METRICS": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",  # first start migrates a new database
    "PREFECT_LOGGING_LEVEL": "WARNING",
}.items():
    os.environ.setdefault(_name, _value)

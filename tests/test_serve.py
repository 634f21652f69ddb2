"""`citewatch serve`: the deployment on a 5-second cron against a slow fake Semantic Scholar, with a
real Prefect server (its scheduler creates the runs). At most one run may be active at a time;
the ones that come due meanwhile are cancelled. About a minute: the server and the served
process each start a Prefect."""
from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

PREFECT = str(Path(sys.executable).with_name("prefect"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(api: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"prefect server exited: {proc.stderr.read()[-2000:]}")
        try:
            if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    pytest.fail("prefect server did not start")


def stop(proc: subprocess.Popen) -> None:
    """End a process started here and its children (the served flow runs), by its process group."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def flow_runs(api: str) -> list[dict]:
    return httpx.post(f"{api}/flow_runs/filter", json={"limit": 200}, timeout=10).json()


def test_a_served_deployment_never_runs_twice_at_once(fake, tmp_path):
    fake.inject("/graph/v1/paper/", delay=3.0, times=10**6)            # every discovery request is slow
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    base = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    server_env = {**base, "PREFECT_HOME": str(tmp_path / "server"), "DO_NOT_TRACK": "1",
                  "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                  "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "2"}
    serve_env = {**base, "PREFECT_HOME": str(tmp_path / "client"), "DO_NOT_TRACK": "1", "PREFECT_API_URL": api,
                 "PREFECT_RUNNER_POLL_FREQUENCY": "1", "CITEWATCH_S2_API_URL": fake.api_url,
                 "CITEWATCH_REGISTRY": str(tmp_path / "no-registry"), "CITEWATCH_CACHE_DIR": str(tmp_path / "cache")}
    server = subprocess.Popen([PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                              env=server_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              start_new_session=True)
    served = None
    try:
        wait_healthy(api, server)
        served = subprocess.Popen([sys.executable, "-m", "flows.cli", "serve", "--out", str(tmp_path / "out"),
                                   "--cron", "* * * * * */5"], env=serve_env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, text=True, start_new_session=True)
        most_at_once, deadline = 0, time.monotonic() + 75
        while time.monotonic() < deadline:
            runs = flow_runs(api)
            running = [r for r in runs if r["state_type"] == "RUNNING"]
            most_at_once = max(most_at_once, len(running))
            if running and sum(r["state_type"] == "CANCELLED" for r in runs) >= 2:
                break
            time.sleep(0.5)
        runs = flow_runs(api)
    finally:
        for proc in (served, server):
            if proc is not None:
                stop(proc)
    states = [r["state_type"] for r in runs]
    assert "RUNNING" in states or "COMPLETED" in states, states
    assert states.count("CANCELLED") >= 2             # runs came due while one was active: cancelled, not queued
    assert most_at_once == 1
    started = sorted((dt.datetime.fromisoformat(r["start_time"]), r["end_time"] and dt.datetime.fromisoformat(
        r["end_time"])) for r in runs if r["start_time"] and r["state_type"] != "CANCELLED")
    for (_, end), (next_start, _) in zip(started, started[1:]):
        assert end is not None and end <= next_start    # never two runs' lifetimes overlapping

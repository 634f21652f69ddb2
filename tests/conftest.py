"""Shared test setup.

Prefect reads its settings when it is first imported, so its home (database, logs) is pointed at a
fresh temporary folder here, before any test module can import it: tests never touch ~/.prefect
and never phone home.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="citewatch-test-prefect-")
os.environ["DO_NOT_TRACK"] = "1"
os.environ.pop("PREFECT_API_URL", None)      # flow runs use a throwaway ephemeral server, never a real one
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
# The ephemeral server's background services (scheduler, late runs, event persister ...) play no part
# in a flow run called in-process; not starting them saves about 5 s on the first flow run.
for _service in ("SCHEDULER", "LATE_RUNS", "FOREMAN", "CANCELLATION_CLEANUP", "PAUSE_EXPIRATIONS", "TRIGGERS",
                 "EVENT_PERSISTER", "REPOSSESSOR", "TASK_RUN_RECORDER", "CLEANUP_RECONCILER"):
    os.environ.setdefault(f"PREFECT_SERVER_SERVICES_{_service}_ENABLED", "false")

import pytest  # noqa: E402

# tests/pdfs.py is a helper module, imported as `pdfs` by the test modules.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# The fake Semantic Scholar's fixtures (s2_server, fake) and the fake OpenAlex's (openalex).
pytest_plugins = ("s2server", "openalexserver")

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
DATASET = "ms-celeb-1m"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared (read-only third-party data); tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"../shared not present: expected the shared data folder at {SHARED}")
    return SHARED


@pytest.fixture(scope="session")
def profile():
    from models.profile import load_profile

    return load_profile(DATASET)


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline, loaded once for the whole session (about 2-3 s)."""
    from extractors.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def analyse(profile, nlp):
    """PDF bytes -> PaperResult through the real pipeline (extractors.pipeline.analyse_pdf)."""
    from extractors.pipeline import analyse_pdf

    def run(data: bytes, source_path: str = "generated.pdf"):
        return analyse_pdf(data, source_path, profile, nlp)

    return run


@pytest.fixture
def no_registry(tmp_path_factory, monkeypatch):
    """No institution registry: analyse_file would otherwise load whatever the per-user data folder
    holds. Tests that analyse files use it (pytestmark = pytest.mark.usefixtures("no_registry"))."""
    from flows.analysis import load_registry

    monkeypatch.setenv("CITEWATCH_REGISTRY", str(tmp_path_factory.getbasetemp() / "no-registry"))
    load_registry.cache_clear()
    yield
    load_registry.cache_clear()


@pytest.fixture(autouse=True)
def no_notifier(monkeypatch):
    """No test sends alerts to URLs from the environment; restored after each test, whatever the CLI sets."""
    from flows.notify import NOTIFY_ENV

    monkeypatch.setenv(NOTIFY_ENV, "")

"""Alerts: after a run that found new users of the dataset, one digest to every notifier (Apprise).

People who run citewatch on a schedule want to hear when a new paper uses the dataset, not to
open tables every week. Apprise speaks e-mail, Slack, Matrix, Teams, generic JSON webhooks and
many more from one URL each (https://github.com/caronc/apprise/wiki).

Notification URLs hold secrets (passwords, tokens), and Prefect records a flow's parameters in its
database and UI, so the URLs never pass as parameters: `--notify` puts them in the process's
`CITEWATCH_NOTIFY` (which a served deployment's runs inherit) and the flow reads them there. Only
Apprise's privacy form of a URL (secrets masked) is ever printed, logged or stored. A notifier that
fails is a warning, in the run's log and in its `runs` row (counts.notify_warnings); the run
still succeeds.
"""
from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from flows.storage import read_table
from models.profile import ProfileError, load_profile

NOTIFY_ENV = "CITEWATCH_NOTIFY"
QUOTE_CHARS = 240


def notify_urls() -> list[str]:
    """The notification URLs of this process (space-separated in CITEWATCH_NOTIFY)."""
    return os.environ.get(NOTIFY_ENV, "").split()


@contextmanager
def notifying(urls: list[str]) -> Iterator[None]:
    """Flows started inside this block notify these URLs (the variable is restored after)."""
    before = os.environ.get(NOTIFY_ENV)
    os.environ[NOTIFY_ENV] = " ".join(urls)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(NOTIFY_ENV, None)
        else:
            os.environ[NOTIFY_ENV] = before


def private(url: str) -> str:
    """The URL with its secrets masked (Apprise's privacy form, without its options); only the
    scheme when Apprise cannot read it."""
    import apprise      # here, not at the top: a run that notifies nobody skips its import (0.1 s)

    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    if not plugin:
        return f"{url.split('://', 1)[0]}://(unreadable URL)"
    return plugin.url(privacy=True).split("?", 1)[0]        # the options Apprise adds say nothing here


@dataclass(frozen=True)
class Digest:
    title: str
    body: str


def digest(out: Path, dataset: str, paper_ids: list[str], run_id: str) -> Digest:
    """The message about these new users: how many, how many after the withdrawal, and per paper
    its title, year, institutions (sector, country), usage and its strongest quote with the page."""
    findings = read_table(out, dataset, "findings").filter(pl.col("paper_id").is_in(paper_ids))
    findings = findings.sort(["year", "title"], nulls_last=True).to_dicts()
    affiliations = read_table(out, dataset, "affiliations").filter(pl.col("paper_id").is_in(paper_ids))
    where: dict[str, list[str]] = {}
    for a in affiliations.to_dicts():
        text = f"{a['institution'] or a['raw']} ({a['sector'] or 'sector unknown'}, {a['country'] or 'country unknown'})"
        if text not in where.setdefault(a["paper_id"], []):
            where[a["paper_id"]].append(text)
    try:
        profile = load_profile(dataset)
        name, withdrawn = profile.name, profile.withdrawn
    except ProfileError:
        name, withdrawn = dataset, None
    after = sum(bool(f["post_retraction"]) for f in findings)
    withdrawal = f"its withdrawal ({withdrawn.isoformat()})" if withdrawn else "its withdrawal"
    lines = [f"{len(findings)} new {'paper uses' if len(findings) == 1 else 'papers use'} {name}; "
             f"{after} of them published after {withdrawal}.", f"citewatch run {run_id}, output {Path(out) / dataset}", ""]
    for i, f in enumerate(findings, start=1):
        lines.append(f"{i}. {f['title'] or f['paper_id']} ({f['year'] or 'year unknown'})"
                     + ("  [verified]" if f["verified"] else ""))
        lines.append(f"   institutions: {'; '.join(where.get(f['paper_id'], [])) or 'none found'}")
        lines.append(f"   usage: {', '.join(f['usage'] or []) or '-'}")
        if f["evidence"]:
            e = f["evidence"][0]
            lines.append(f"   p. {e['page']}: \"{e['quote'][:QUOTE_CHARS]}\"")
        lines.append("")
    title = f"citewatch: {len(findings)} new {'user' if len(findings) == 1 else 'users'} of {name}"
    return Digest(title, "\n".join(lines).rstrip() + "\n")


def send(urls: list[str], message: Digest) -> tuple[int, list[str]]:
    """Send one message to each URL; returns how many accepted it and a warning per failure
    (naming the notifier by its private URL and saying what Apprise reported)."""
    import apprise

    sent, problems = 0, []
    for url in urls:
        notifier = apprise.Apprise()
        with apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as log:
            ok = notifier.add(url) and notifier.notify(title=message.title, body=message.body)
        if ok:
            sent += 1
            continue
        said = " ".join(log.getvalue().split()) or "not a notification URL Apprise knows"
        problems.append(f"notification to {private(url)} failed: {said}")
    return sent, problems


def announce(out: Path, dataset: str, run_id: str, users: list[dict], counts: dict) -> list[str]:
    """After a run: one digest about its new users to every configured notifier (none when nothing
    is new or nobody is to be told). Records what happened in the run's counts; returns warnings."""
    urls = notify_urls()
    if not urls or not users:
        return []
    sent, problems = send(urls, digest(out, dataset, [u["paper_id"] for u in users], run_id))
    counts["notified"] = sent
    if problems:
        counts["notify_warnings"] = problems
    for problem in problems:
        _logger().warning(problem)
    return problems


def _logger() -> logging.Logger | logging.LoggerAdapter:
    """The flow run's logger (its output and Prefect's record of the run), else this module's.
    A run without Prefect (a one-off `--pdf-dir` run) has not imported it and has no flow run."""
    if "prefect" not in sys.modules:
        return logging.getLogger(__name__)
    from prefect.exceptions import MissingContextError
    from prefect.logging import get_run_logger

    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger(__name__)

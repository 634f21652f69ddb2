"""`citewatch report`: one self-contained HTML file for a run's tables (read through Delta).

Who used the dataset, when (before and after its withdrawal), which variants, which sectors and
countries, which companies, which papers motivate surveillance. Charts are inline SVG written
here; no scripts, fonts or images are fetched, so the file opens offline and can be archived or
mailed as is. Every number and claim links to the page-and-quote evidence it rests on, in the
per-paper evidence section at the end.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from flows.storage import read_table
from models.profile import ProfileError, load_profile

BEFORE, AFTER = "#4e79a7", "#e15759"
SIGNALS = ("commercial", "military_or_security", "surveillance", "post_retraction")


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def anchor(*parts: object) -> str:
    """A stable HTML id from its parts ("sha256:ab12", "sig", 3 -> "sha256-ab12-sig-3")."""
    return "-".join(re.sub(r"[^A-Za-z0-9]+", "-", str(p)).strip("-") for p in parts)


@dataclass
class Paper:
    """One user of the dataset with its evidence, ready to render."""

    paper_id: str
    title: str
    year: int | None
    after: bool | None            # published after the withdrawal (None: unknown or same year)
    finding: dict
    affiliations: list[dict]
    signals: list[dict]
    review: dict | None = None    # the reviewer's decision (reviews table), when there is one

    @property
    def verified(self) -> bool:
        return bool(self.finding.get("verified"))

    @property
    def id(self) -> str:
        return anchor("paper", self.paper_id)

    def link(self) -> str:
        return f'<a href="#{self.id}">{esc(self.title)}</a>{f" ({self.year})" if self.year else ""}'


@dataclass
class Bar:
    label: str
    before: int
    after: int
    href: str

    @property
    def total(self) -> int:
        return self.before + self.after


def load_papers(out: Path, dataset: str) -> tuple[list[Paper], int]:
    """Users of the dataset (findings.uses_dataset) with their rows; and how many papers were analysed."""
    users, findings = _papers(out, dataset, pl.col("uses_dataset"))
    return users, findings.height


def disagreements(out: Path, dataset: str) -> list[Paper]:
    """Reviewed papers whose verdict the reviewer changed, users or not."""
    changed = pl.col("verified").fill_null(False) & (pl.col("uses_dataset") != pl.col("machine_uses_dataset"))
    return _papers(out, dataset, changed)[0]


def _papers(out: Path, dataset: str, which: pl.Expr) -> tuple[list[Paper], pl.DataFrame]:
    findings = read_table(out, dataset, "findings")
    reviews = {r["paper_id"]: r for r in read_table(out, dataset, "reviews").to_dicts()}
    papers = read_table(out, dataset, "papers")
    affiliations = _by_paper(read_table(out, dataset, "affiliations"))
    signals = _by_paper(read_table(out, dataset, "signals"))
    dates = {r["paper_id"]: r for r in papers.select("paper_id", "title", "publication_date").to_dicts()}
    withdrawn = _withdrawn(dataset)
    users = []
    for f in findings.filter(which).sort("year", "title", nulls_last=True).to_dicts():
        meta = dates.get(f["paper_id"], {})
        year = f["year"] or (meta.get("publication_date").year if meta.get("publication_date") else None)
        after = f["post_retraction"]
        if after is None and year and withdrawn and year != withdrawn.year:
            after = year > withdrawn.year
        users.append(Paper(f["paper_id"], f["title"] or meta.get("title") or f["paper_id"], year, after, f,
                           affiliations.get(f["paper_id"], []), signals.get(f["paper_id"], []),
                           reviews.get(f["paper_id"]) if f["verified"] else None))
    return users, findings


def _by_paper(df: pl.DataFrame) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for row in df.to_dicts():
        out[row["paper_id"]].append(row)
    return out


def _withdrawn(dataset: str) -> dt.date | None:
    try:
        return load_profile(dataset).withdrawn
    except ProfileError:
        return None


# -- charts --------------------------------------------------------------------------------------

def year_chart(users: list[Paper], withdrawn: dt.date | None) -> str:
    """Users per publication year; bars after the withdrawal year in red, a dashed line at it."""
    counts = Counter(p.year for p in users if p.year)
    if not counts:
        return "<p>No publication years known.</p>"
    years = list(range(min(counts), max(counts) + 1))
    width, height, pad, top = max(320, 48 * len(years) + 60), 220, 40, 20
    step, peak = (width - pad - 10) / len(years), max(counts.values())
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
             f'role="img" aria-label="Users per year"><title>Users per year</title>']
    for i, year in enumerate(years):
        n = counts.get(year, 0)
        h = (height - top - 30) * n / peak
        x, y = pad + i * step, height - 30 - h
        colour = AFTER if withdrawn and year > withdrawn.year else BEFORE
        parts.append(f'<text x="{x + step / 2:.1f}" y="{height - 14}" text-anchor="middle">{year}</text>')
        if n:   # empty years get a label and no link: there is nothing to list
            parts.append(f'<a href="#{anchor("year", year)}"><rect x="{x + 4:.1f}" y="{y:.1f}" width="{step - 8:.1f}" '
                         f'height="{h:.1f}" fill="{colour}"><title>{year}: {n} papers</title></rect></a>'
                         f'<text x="{x + step / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">{n}</text>')
    if withdrawn and withdrawn.year in years:
        x = pad + (years.index(withdrawn.year) + withdrawn.timetuple().tm_yday / 366) * step
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 30}" stroke="#333" stroke-dasharray="4 3"/>'
                     f'<text x="{x + 3:.1f}" y="{top + 10}">withdrawn {withdrawn.isoformat()}</text>')
    return "".join(parts) + "</svg>"


def bar_chart(title: str, bars: list[Bar]) -> str:
    """Horizontal bars split into before (blue) and after (red) the withdrawal; each bar links to its list."""
    if not bars:
        return "<p>None.</p>"
    label_w, bar_w, row_h = 220, 360, 22
    height, peak = row_h * len(bars) + 10, max(b.total for b in bars)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{label_w + bar_w + 50}" height="{height}" '
             f'role="img" aria-label="{esc(title)}"><title>{esc(title)}</title>']
    for i, b in enumerate(bars):
        y = 5 + i * row_h
        w1, w2 = bar_w * b.before / peak, bar_w * b.after / peak
        parts.append(
            f'<a href="#{b.href}"><text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{esc(b.label[:34])}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w1:.1f}" height="{row_h - 6}" fill="{BEFORE}">'
            f'<title>{esc(b.label)}: {b.before} before withdrawal</title></rect>'
            f'<rect x="{label_w + w1:.1f}" y="{y + 3}" width="{w2:.1f}" height="{row_h - 6}" fill="{AFTER}">'
            f'<title>{esc(b.label)}: {b.after} after withdrawal</title></rect>'
            f'<text x="{label_w + w1 + w2 + 4:.1f}" y="{y + 15}">{b.total}</text></a>')
    return "".join(parts) + "</svg>"


def grouped(users: list[Paper], keys_of, prefix: str, limit: int = 20) -> tuple[list[Bar], dict[str, list[Paper]]]:
    """Bars (largest first) and the papers behind each, for a function paper -> its keys."""
    groups: dict[str, list[Paper]] = defaultdict(list)
    for p in users:
        for k in dict.fromkeys(keys_of(p)):
            groups[k or "unknown"].append(p)
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]
    bars = [Bar(k, sum(not p.after for p in ps), sum(bool(p.after) for p in ps), anchor(prefix, k)) for k, ps in ranked]
    return bars, dict(ranked)


def paper_lists(prefix: str, groups: dict[str, list[Paper]]) -> str:
    items = "".join(f'<li id="{anchor(prefix, k)}"><b>{esc(k)}</b>: {", ".join(p.link() for p in ps)}</li>'
                    for k, ps in groups.items())
    return f"<details><summary>Papers behind each bar</summary><ul>{items}</ul></details>"


# -- sections ------------------------------------------------------------------------------------

def _signal_links(p: Paper, signal: str) -> str:
    rows = [(i, s) for i, s in enumerate(p.signals) if s["signal"] == signal]
    return "<br>".join(f'<a href="#{anchor(p.id, "sig", i)}">{esc(s["value"])} (p. {esc(s["page"])})</a>: '
                       f'<q>{esc(s["quote"])}</q>' for i, s in rows)


def _flagged_table(users: list[Paper], signal: str, heading: str, why: str) -> str:
    flagged = [p for p in users if p.finding.get(signal)]
    rows = "".join(f"<tr><td>{p.link()}</td><td>{_signal_links(p, signal)}</td></tr>" for p in flagged)
    body = f"<table><tr><th>Paper</th><th>Evidence (rule value, page, quote)</th></tr>{rows}</table>" if rows else "<p>None.</p>"
    return f'<section id="{anchor("section", signal)}"><h2>{esc(heading)} ({len(flagged)})</h2><p>{esc(why)}</p>{body}</section>'


def _aff_link(p: Paper, i: int, text: str) -> str:
    return f'<a href="#{anchor(p.id, "aff", i)}">{esc(text)}</a>'


def institutions_table(users: list[Paper], limit: int = 25) -> str:
    by_name: dict[str, list[tuple[Paper, int, dict]]] = defaultdict(list)
    for p in users:
        for i, a in enumerate(p.affiliations):
            by_name[a["institution"] or a["raw"]].append((p, i, a))
    ranked = sorted(by_name.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:limit]
    rows = "".join(
        f"<tr><td>{esc(name)}</td><td>{esc(hits[0][2]['sector'])}</td><td>{esc(hits[0][2]['country'])}</td>"
        f"<td>{len(hits)}</td><td>{', '.join(_aff_link(p, i, p.title[:60]) for p, i, _ in hits)}</td></tr>"
        for name, hits in ranked)
    return ("<table><tr><th>Institution</th><th>Sector</th><th>Country</th><th>User papers</th>"
            f"<th>Evidence</th></tr>{rows}</table>") if rows else "<p>None.</p>"


def evidence_section(p: Paper) -> str:
    """Everything claimed about one paper, each item with its page and quote and an id to link to."""
    f = p.finding
    uses = "".join(f"<li>p. {esc(e['page'])} ({esc(e['label'])}): <q>{esc(e['quote'])}</q></li>" for e in f.get("evidence") or [])
    affs = "".join(f'<li id="{anchor(p.id, "aff", i)}">{esc(a["institution"])} ({esc(a["sector"])}, {esc(a["country"])}; '
                   f'{esc(a["method"])}) p. {esc(a["page"])}: <q>{esc(a["quote"])}</q></li>' for i, a in enumerate(p.affiliations))
    sigs = "".join(f'<li id="{anchor(p.id, "sig", i)}"><b>{esc(s["signal"])}</b> {esc(s["value"])} '
                   f'[{esc(s["rule"])}, {s["confidence"]:.2f}] p. {esc(s["page"])}: <q>{esc(s["quote"])}</q></li>'
                   for i, s in enumerate(p.signals))
    flags = ", ".join(s for s in SIGNALS if f.get(s)) or "none"
    return (f'<article id="{p.id}"><h3>{esc(p.title)}</h3><p>{esc(p.year or "year unknown")} · usage: '
            f'{esc(", ".join(f.get("usage") or []))} · variants: {esc(", ".join(f.get("variants") or []))} · flags: {esc(flags)}'
            f' · <code>{esc(p.paper_id)}</code></p>{review_note(p)}<h4>Use (the machine\'s quotes)</h4><ul>{uses}</ul>'
            f'<h4>Affiliations</h4><ul>{affs or "<li>none found</li>"}</ul><h4>Signals</h4><ul>{sigs or "<li>none</li>"}</ul></article>')


def review_note(p: Paper) -> str:
    """Who checked the verdict and what they said, or that nobody has."""
    f, r = p.finding, p.review
    if not p.verified or r is None:
        reason = f" Flagged: {esc(f['review_reason'])}" if f.get("needs_review") and f.get("review_reason") else ""
        return f'<p class="unverified">Unverified: the machine\'s verdict, not checked by a person.{reason}</p>'
    machine = "use" if f.get("machine_uses_dataset") else "not use"
    when = r["decided_at"].date().isoformat() if r.get("decided_at") else "?"
    agree = "agrees with" if bool(f.get("machine_uses_dataset")) == bool(f.get("uses_dataset")) else "overrules"
    note = f": <q>{esc(r['note'])}</q>" if r.get("note") else ""
    return (f'<p class="verified">Verified by {esc(r.get("reviewer") or "?")} on {esc(when)}: '
            f'<b>{esc(r["decision"])}</b> ({agree} the machine, which said {machine}: '
            f'{esc(", ".join(f.get("machine_usage") or []) or "-")}){note}</p>')


def disagreement_section(changed: list[Paper], verified: int) -> str:
    """How often a person changed the machine's verdict, and on which papers."""
    dropped = [p for p in changed if not p.finding.get("uses_dataset")]
    added = [p for p in changed if p.finding.get("uses_dataset")]
    rows = "".join(f"<tr><td>{p.link() if p.finding.get('uses_dataset') else esc(p.title)}</td>"
                   f"<td>{'use' if p.finding.get('machine_uses_dataset') else 'not use'}</td>"
                   f"<td>{esc(p.review['decision'] if p.review else '?')}</td>"
                   f"<td>{esc((p.review or {}).get('note') or '')}</td></tr>" for p in changed)
    table = (f"<table><tr><th>Paper</th><th>Machine</th><th>Reviewer</th><th>Note</th></tr>{rows}</table>"
             if rows else "<p>None.</p>")
    return (f'<section id="section-review"><h2>Machine and reviewer ({verified} verified papers)</h2>'
            f"<p>The reviewer overruled the machine on {len(changed)} papers: {len(dropped)} machine users "
            f"judged not to use the dataset, {len(added)} papers the machine missed.</p>{table}</section>")


CSS = """body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;margin-top:2em}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}q{color:#444;font-style:italic}
.chart text{font-size:12px;fill:#222}.chart a:hover rect{opacity:.75}.stats td{text-align:right}
article{border-top:1px dashed #ccc;padding-top:.5em}:target{background:#fff6d5}
.verified{color:#1b5e20}.unverified{color:#8a5a00}
.legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}"""


def build_report(out: Path, dataset: str) -> str:
    """The report for one dataset's tables under `out`, as an HTML string."""
    users, analysed = load_papers(Path(out), dataset)
    changed = disagreements(Path(out), dataset)
    verified_papers = read_table(out, dataset, "findings")["verified"].fill_null(False).sum()
    try:
        profile = load_profile(dataset)
        name, withdrawn, licence = profile.name, profile.withdrawn, profile.licence
    except ProfileError:
        name, withdrawn, licence = dataset, None, ""
    years, by_year = grouped(users, lambda p: [str(p.year or "unknown")], "year")
    variants, by_variant = grouped(users, lambda p: p.finding.get("variants") or [], "variant")
    sectors, by_sector = grouped(users, lambda p: p.finding.get("sectors") or ["unknown"], "sector")
    countries, by_country = grouped(users, lambda p: p.finding.get("countries") or ["unknown"], "country")
    company = [p for p in users if any(a["sector"] == "company" for a in p.affiliations) or p.finding.get("commercial")]
    stats = [("papers analysed", analysed), ("papers using the dataset", len(users)),
             ("users after the withdrawal", sum(bool(p.after) for p in users)),
             ("users verified by a reviewer", sum(p.verified for p in users)),
             ("users not verified (machine verdict)", sum(not p.verified for p in users)),
             ("verdicts a reviewer overruled", len(changed))]
    stats += [(f"flagged {s.replace('_', ' ')}", sum(bool(p.finding.get(s)) for p in users)) for s in SIGNALS[:3]]
    company_rows = "".join(
        f"<tr><td>{p.link()}</td><td>{'<br>'.join(_aff_link(p, i, a['institution']) for i, a in enumerate(p.affiliations) if a['sector'] == 'company')}</td>"
        f"<td>{_signal_links(p, 'commercial')}</td></tr>" for p in company)
    legend = (f'<p class="legend">Bars: <span style="background:{BEFORE}"></span>published up to the withdrawal year '
              f'<span style="background:{AFTER}"></span>published after it. Click a bar for its papers.</p>')
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>citewatch report: {esc(name)}</title><style>{CSS}</style></head><body>
<h1>Who uses {esc(name)}?</h1>
<p>{esc(licence)}{f"; withdrawn {withdrawn.isoformat()}" if withdrawn else ""}. Generated {dt.date.today().isoformat()} by citewatch
from the tables in <code>{esc(Path(out) / dataset)}</code>. Every claim links to the page and quote it rests on.</p>
<table class="stats">{"".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in stats)}</table>
<h2>Users per year</h2>{year_chart(users, withdrawn)}{paper_lists("year", by_year)}
{legend}
<h2>Users by variant</h2>{bar_chart("Users by variant", variants)}{paper_lists("variant", by_variant)}
<h2>Users by sector</h2>{bar_chart("Users by sector", sectors)}{paper_lists("sector", by_sector)}
<h2>Users by country</h2>{bar_chart("Users by country", countries)}{paper_lists("country", by_country)}
<h2>Top institutions</h2>{institutions_table(users)}
<section id="section-company"><h2>Company users ({len(company)})</h2><p>The licence allowed non-commercial research only.</p>
{f"<table><tr><th>Paper</th><th>Companies</th><th>Commercial signals</th></tr>{company_rows}</table>" if company_rows else "<p>None.</p>"}</section>
{_flagged_table(users, "surveillance", "Surveillance-flagged papers", "Applications the paper states or motivates: video surveillance, watchlists, person re-identification, law enforcement ...")}
{_flagged_table(users, "military_or_security", "Military or security links", "Military, defence, police, public-security or intelligence authors, funders or text cues.")}
{_flagged_table(users, "post_retraction", "Use after the withdrawal", "Variants used in papers published after the withdrawal date.")}
{disagreement_section(changed, verified_papers)}
<h2>Evidence per paper</h2>{"" if users else "<p>No users.</p>"}
<h3 id="verified">Verified users ({sum(p.verified for p in users)})</h3>{"".join(evidence_section(p) for p in users if p.verified) or "<p>None.</p>"}
<h3 id="unverified">Unverified users ({sum(not p.verified for p in users)})</h3>{"".join(evidence_section(p) for p in users if not p.verified) or "<p>None.</p>"}
</body></html>
"""


def write_report(out: Path, dataset: str, path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(build_report(out, dataset), encoding="utf-8")
    return path

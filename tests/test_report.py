"""`citewatch report` from small Parquet tables: charts, links to evidence, headless chromium."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from flows.report import build_report, write_report
from flows.storage import upsert

DATASET = "ms-celeb-1m"
CHECK = Path(__file__).resolve().parents[1] / "bench" / "check_report.sh"


def evidence(page: int, quote: str) -> dict:
    return {"page": page, "quote": quote, "label": "train"}


@pytest.fixture
def out(tmp_path) -> Path:
    """Three papers: a 2018 university user, a 2021 company user flagged for surveillance, a non-user."""
    out = tmp_path / "out"
    papers = [("a", "Early Face Paper", 2018), ("b", "Late <Company> Paper", 2021), ("c", "Unrelated", 2020)]
    upsert(out, DATASET, "papers", [{"paper_id": p, "source_path": f"{p}.pdf", "title": t, "year": y, "status": "ok",
                                     "publication_date": dt.date(y, 5, 1)} for p, t, y in papers])
    upsert(out, DATASET, "findings", [
        {"paper_id": "a", "uses_dataset": True, "usage": ["train"], "variants": ["MS-Celeb-1M"], "year": 2018,
         "title": "Early Face Paper", "sectors": ["education"], "countries": ["GB"], "post_retraction": False,
         "evidence": [evidence(4, "We train on MS-Celeb-1M.")], "commercial": False, "surveillance": False},
        {"paper_id": "b", "uses_dataset": True, "usage": ["train"], "variants": ["MS1MV2"], "year": 2021,
         "title": "Late <Company> Paper", "sectors": ["company"], "countries": ["CN"], "post_retraction": True,
         "evidence": [evidence(5, "Models are trained on MS1MV2.")], "commercial": True, "surveillance": True},
        {"paper_id": "c", "uses_dataset": False, "year": 2020, "title": "Unrelated"},
    ])
    upsert(out, DATASET, "affiliations", [
        {"paper_id": "a", "institution": "Imperial College London", "sector": "education", "country": "GB",
         "method": "exact", "page": 1, "quote": "1Imperial College London"},
        {"paper_id": "b", "institution": "Megvii (China)", "sector": "company", "country": "CN", "method": "exact",
         "page": 1, "quote": "Megvii Inc."},
    ])
    upsert(out, DATASET, "signals", [
        {"paper_id": "b", "signal": "commercial", "value": "company_author", "rule": "company_author_registry",
         "confidence": 0.95, "page": 1, "quote": "Megvii Inc."},
        {"paper_id": "b", "signal": "surveillance", "value": "video_surveillance", "rule": "video_surveillance",
         "confidence": 0.85, "page": 1, "quote": "widely applied to fields such as surveillance"},
        {"paper_id": "b", "signal": "post_retraction", "value": "MS1MV2", "rule": "published_after_withdrawal",
         "confidence": 0.9, "page": 5, "quote": "Models are trained on MS1MV2."},
    ])
    return out


def test_report_has_charts_quotes_and_only_working_links(out):
    page = build_report(out, DATASET)
    assert page.count('class="chart"') == 4                  # years, variants, sectors, countries
    assert "<script" not in page and "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "withdrawn 2019-06-06" in page
    assert "widely applied to fields such as surveillance" in page and "Megvii Inc." in page
    assert "Late &lt;Company&gt; Paper" in page and "<Company>" not in page       # escaped
    assert "Unrelated" not in page                                                # not a user
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    links = set(re.findall(r'href="#([^"]+)"', page))
    assert links and links <= ids, links - ids
    # each claim points at an evidence item with the page and the quote
    assert re.search(r'<li id="paper-b-sig-1">.*?p\. 1: <q>widely applied', page)


def test_report_without_users(tmp_path):
    assert "No users." in build_report(tmp_path, DATASET)


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed (apt-get install -y chromium)")
def test_report_opens_in_headless_chromium(out, tmp_path):
    report = write_report(out, DATASET, tmp_path / "report.html")
    shot = tmp_path / "report.png"
    done = subprocess.run([str(CHECK), str(report), str(shot)], capture_output=True, text=True, timeout=150)
    assert done.returncode == 0, done.stdout + done.stderr
    assert shot.stat().st_size > 10_000

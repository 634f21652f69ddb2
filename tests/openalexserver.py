"""A fake OpenAlex API on 127.0.0.1, built from the same Peng et al. data as tests/s2server.py.

GET /works/<W id> and /works/doi:<doi> answer a work (404 when unknown); GET /works?filter=
cites:W...[,from_created_date:YYYY-MM-DD]&per_page=&cursor= pages the citing works with an opaque
cursor (meta.next_cursor, null after the last page), no offset ceiling. Work records are shaped
like ../shared/corpus/s2/openalex_work_W2741809807_fixture.json: ids, doi as a URL, locations with
pdf_url and version (arXiv locations carry only the landing page, so tests never reach the real
arxiv.org), authorships with institutions (ror, country_code, type). Faults (429, 5xx, malformed
JSON) are injected as in the S2 fake.
"""
from __future__ import annotations

import base64
import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from s2server import PENG_CSV, SEED_COLUMNS, Fault, FakeServer, Hit, _error
from werkzeug.wrappers import Request, Response

from models.profile import Profile, load_profile

CREATED = "2023-05-01"            # every Peng work's created_date unless a test adds newer ones
MAX_PER_PAGE = 100
INSTITUTIONS = [   # (name, ror, country, type): the authorships the fake gives papers in turn
    ("Imperial College London", "https://ror.org/041kmwe10", "GB", "education"),
    ("Tsinghua University", "https://ror.org/03cve4549", "CN", "education"),
    ("Microsoft Research Asia (China)", "https://ror.org/0170z8493", "CN", "company"),
]


def work_id(paper_id: str) -> str:
    """The fake's OpenAlex id of a Peng paper (a stable function of its S2 paperId)."""
    return f"W{int(paper_id[:10], 16)}"


@dataclass
class FakeOpenAlex(FakeServer):
    works: dict[str, dict]                        # W id -> work record
    citing: dict[str, list[str]]                  # seed W id -> citing W ids
    faults: list[Fault] = field(default_factory=list)
    log: list[Hit] = field(default_factory=list)

    def __post_init__(self):
        self._start_faults()
        self._dois = {w["doi"].removeprefix("https://doi.org/").lower(): wid for wid, w in self.works.items() if w.get("doi")}

    @property
    def api_url(self) -> str:
        return self.url

    def drop_citing(self, ids: set[str]) -> None:
        self.citing = {s: [w for w in ws if w not in ids] for s, ws in self.citing.items()}

    def add_citing(self, seed: str, work: dict) -> None:
        self.works[work["id"].rsplit("/", 1)[-1]] = work
        self.citing.setdefault(seed, []).append(work["id"].rsplit("/", 1)[-1])

    def _answer(self, request: Request) -> Response:
        path = request.path
        if path == "/works":
            return self._list(request)
        if path.startswith("/works/"):
            ident = path[len("/works/"):]
            wid = self._dois.get(ident[4:].lower()) if ident.lower().startswith("doi:") else ident
            if wid not in self.works:
                return _error(404, "Not found")
            return Response(json.dumps(self.works[wid]), mimetype="application/json")
        if path == "/":
            return Response(json.dumps({"msg": "fake OpenAlex"}), mimetype="application/json")
        return _error(404, "Not found")

    def _list(self, request: Request) -> Response:
        filters = dict(f.split(":", 1) for f in request.args.get("filter", "").split(",") if ":" in f)
        per_page = int(request.args.get("per_page") or request.args.get("per-page") or 25)
        if not 0 < per_page <= MAX_PER_PAGE:
            return _error(400, f"per_page must be between 1 and {MAX_PER_PAGE}")
        if "cites" not in filters or "cursor" not in request.args:
            return _error(400, "this fake answers only cites: filters with cursor paging")
        ids = [w for w in self.citing.get(filters["cites"], [])
               if self.works[w]["created_date"] >= filters.get("from_created_date", "")]
        cursor = request.args["cursor"]
        start = 0 if cursor == "*" else int(base64.b64decode(cursor))
        page = ids[start:start + per_page]
        nxt = base64.b64encode(str(start + per_page).encode()).decode() if page else None
        return Response(json.dumps({"meta": {"count": len(ids), "per_page": per_page, "next_cursor": nxt},
                                    "results": [self.works[w] for w in page]}), mimetype="application/json")


def work_record(paper_id: str, title: str, year: int | None, doi: str | None = None, arxiv: str | None = None,
                pdf_url: str | None = None, index: int = 0, created: str = CREATED) -> dict:
    """An OpenAlex work as the API shapes it; arXiv-only papers carry the arXiv DOI and location."""
    wid = work_id(paper_id)
    if not doi and arxiv:
        doi = f"10.48550/arxiv.{arxiv}"
    locations = []
    if pdf_url:
        locations.append({"is_oa": True, "pdf_url": pdf_url, "landing_page_url": None, "version": "publishedVersion",
                          "source": {"display_name": "Publisher", "type": "journal"}})
    if arxiv:      # no pdf_url: nothing on the real arxiv.org is ever asked for (the arXiv id is)
        locations.append({"is_oa": True, "pdf_url": None,
                          "landing_page_url": f"https://arxiv.org/abs/{arxiv}", "version": "submittedVersion",
                          "source": {"display_name": "arXiv (Cornell University)", "type": "repository"}})
    name, ror, country, kind = INSTITUTIONS[index % len(INSTITUTIONS)]
    return {"id": f"https://openalex.org/{wid}", "doi": f"https://doi.org/{doi}" if doi else None,
            "title": title, "display_name": title, "publication_year": year,
            "publication_date": f"{year}-01-01" if year else None, "ids": {"openalex": f"https://openalex.org/{wid}"},
            "primary_location": locations[0] if locations else None, "best_oa_location": locations[0] if locations else None,
            "locations": locations, "created_date": created,
            "authorships": [{"author_position": "first", "author": {"display_name": f"Author {index}"},
                             "institutions": [{"display_name": name, "ror": ror, "country_code": country, "type": kind}],
                             "raw_affiliation_strings": [name]}]}


def peng_openalex(profile: Profile | None = None, csv_path: Path = PENG_CSV) -> FakeOpenAlex:
    """The Peng papers as OpenAlex works citing the MS-Celeb-1M and ArcFace seeds (the other seeds
    are works with no citations). PDF links point nowhere (the S2 fake's host serves the PDFs)."""
    from flows.discover import normalize_arxiv_id

    profile = profile or load_profile("ms-celeb-1m")
    with open(csv_path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    works = {}
    for i, r in enumerate(rows):
        work = work_record(r["paperId"], r["title"], int(r["year"]) if r["year"] else None, r["doi"] or None,
                           normalize_arxiv_id(r["arxivId"]), index=i)
        works[work_id(r["paperId"])] = work
    citing = {}
    for n, seed in enumerate(profile.seeds):
        sid = f"W9{n:09d}"
        works[sid] = work_record("f" * 10, seed.title, 2016, seed.doi, seed.arxiv) | {"id": f"https://openalex.org/{sid}"}
        column = SEED_COLUMNS.get(seed.arxiv or "")
        citing[sid] = [work_id(r["paperId"]) for r in rows if column and r[column] == "1"]
    return FakeOpenAlex(works, citing)


@pytest.fixture
def openalex(shared):
    """The Peng OpenAlex fake for one test; skips when ../shared is absent."""
    if not PENG_CSV.is_file():
        pytest.skip(f"../shared not present: the fake OpenAlex needs {PENG_CSV}")
    with peng_openalex() as fake:
        yield fake

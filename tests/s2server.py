"""A fake Semantic Scholar Graph API and PDF host on 127.0.0.1, for the tests and the benchmark.

Built from real data: the 1,404 papers of Peng et al. (../shared/reference/peng2021/
msceleb1m_all.csv) that cite the MS-Celeb-1M paper (column "cites D9": 740 papers) and/or ArcFace
("cites D10": 934; 270 cite both), citation entries shaped like ../shared/corpus/s2/
s2client_Citation.json, and real PDFs from ../shared/corpus/pdf. The other seeds of the profile
are known papers with no citations: the Peng data does not cover them.

It answers like the Graph API: GET {api}/paper/{id} (id: paperId, CorpusId:, ARXIV:, DOI:) and
{api}/paper/{id}/citations with offset, limit (<= 1000; offset + limit < 10,000), `next` while
more remain, only the requested fields, 400 for an unknown field, 404 for an unknown paper.
Citation contexts are the abstract's sentences that name the seed's subject (the Peng data has
no contexts): real text, standing in for the sentences S2 extracts from full texts.

PDF host: a paper's openAccessPdf is {url}/oa/<paperId>.pdf; the 14 papers whose real PDF is in
../shared/corpus/pdf get it, the `cases` below get their fault, every other URL is a 404. An
arXiv stand-in at {url}/arxiv/<id> (chunked, no Content-Length) serves the `fallback` case only.
"""
from __future__ import annotations

import csv
import hashlib
import json
import logging
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from models.profile import Profile, Seed, load_profile

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
PENG_CSV = SHARED / "reference" / "peng2021" / "msceleb1m_all.csv"
PDF_DIR = SHARED / "corpus" / "pdf"
API = "/graph/v1"
MAX_LIMIT, MAX_WINDOW = 1000, 10_000

SEED_COLUMNS = {"1607.08221": "cites D9", "1801.07698": "cites D10"}     # seed arXiv id -> Peng column
SEED_SUBJECTS = {"1607.08221": re.compile(r"MS-?Celeb|MS1M", re.I),
                 "1801.07698": re.compile(r"ArcFace|additive angular", re.I)}

# Peng papers whose PDF is in ../shared/corpus/pdf (matched by title via corpus/MANIFEST.csv).
REAL_PDFS = {
    "d4f100ca5edfe53b562f1d170b2c48939bab0e27": "arcface_arxiv_v3.pdf",
    "356b34bc02cd92209830cfbe336d39ef78714d1d": "backward_compatible_repr_amazon.pdf",
    "f6ecf492033dfa9f36eb9a628e99a45c26881b8d": "circleloss_megvii_cvpr2020.pdf",
    "8de1c724a42d204c0050fe4c4b4e81a675d7f57c": "deep_face_recognition_survey_sibgrapi2018.pdf",
    "4635225773e4e1ae58edc2f0e979e3ebe9a1221b": "domain_balancing_cvpr2020.pdf",
    "4cdb6144d56098b819076a8572a664a2c2d27f72": "eyeglass_face_synthesis_ccbr2018.pdf",
    "2c2c31cf8ad0d68549a68e856c5ae723ad9482b3": "meta_face_recognition_unseen_domains_cvpr2020.pdf",
    "d7cbedbee06293e78661335c7dd9059c70143a28": "mobilefacenets_ccbr2018.pdf",
    "f60070d3a4d333aa1436e4c372b1feb5b316a7ba": "qi_centralized_coordinate_learning.pdf",
    "a4e709bbf0797963461fd5b2b1695f6313f65e3f": "tu_face_antispoofing_tist.pdf",
    "3e4a49b86c9c34e27e00a0f250b3d82f269cf153": "uniformface_cvpr2019.pdf",
    "b3dc4f8e7711262db37392c663504ba34d399b17": "vargfacenet_lightweight_fr.pdf",
    "a89cbc90bbb4477a48aec185f2a112ea7ebe9b4d": "xu_multicognition_softmax_iccvw2017.pdf",
    "c808c784237f167c78a87cc5a9d48152579c27a4": "zhao_know_you_at_one_glance_iccvw2017.pdf",
}
# Fault cases, each on its own paper (picked from the Peng data by peng_server) and its own real PDF
# (papers that are not in the Peng data, so no two papers share a file).
CASE_PDFS = {"flaky": "sphereface_cvpr2017.pdf", "slow": "cosface_tencent_cvpr2018.pdf",
             "fallback": "centerloss_eccv2016.pdf", "truncated": "vggface_bmvc2015.pdf"}
LANDING_PAGE = (b"<!DOCTYPE html><html><head><title>Article | Publisher</title></head><body>"
                b"<h1>Access this article</h1><p>Log in or purchase to download the PDF.</p>"
                + b"<!-- padding -->" * 80 + b"</body></html>")
PAPER_FIELDS = {"paperId", "corpusId", "externalIds", "url", "title", "abstract", "venue", "year", "authors",
                "publicationDate", "openAccessPdf", "isOpenAccess", "citationCount"}
CITATION_FIELDS = {"contexts", "intents", "contextsWithIntent", "isInfluential"}
TOO_MANY = {"message": "Too Many Requests. Please wait and try again or apply for a key for higher rate limits.",
            "code": "429"}


@dataclass
class Fault:
    """Answer requests whose path?query contains `match` with `status` (0: the normal answer,
    after `delay` seconds), `times` times."""

    match: str
    status: int = 0
    retry_after: str | None = None
    delay: float = 0.0
    times: int = 1
    body: str | None = None          # answer 200 with this body instead (malformed JSON ...)


@dataclass(frozen=True)
class Hit:
    method: str
    path: str
    query: str
    api_key: str | None
    status: int
    fault: bool


class FakeServer:
    """A WSGI app on 127.0.0.1 with injectable faults and a request log (FakeS2, FakeOpenAlex)."""

    faults: list[Fault]
    log: list[Hit]

    def _start_faults(self) -> None:
        self._lock = threading.Lock()
        self._server = None

    def _answer(self, request: Request) -> Response:
        raise NotImplementedError

    # -- running -------------------------------------------------------------------------------
    def __enter__(self):
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self._server = make_server("127.0.0.1", 0, self, threaded=True)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def api_url(self) -> str:
        return self.url + API

    @property
    def arxiv_url(self) -> str:
        return self.url + "/arxiv/"

    def inject(self, match: str, **kwargs) -> None:
        self.faults.append(Fault(match, **kwargs))

    def reset(self) -> None:
        self.faults.clear()
        self.log.clear()

    def hits(self, prefix: str) -> list[Hit]:
        return [h for h in self.log if h.path.startswith(prefix)]

    # -- answering -----------------------------------------------------------------------------
    def __call__(self, environ, start_response):
        request = Request(environ)
        fault = self._fault(f"{request.path}?{request.query_string.decode()}")
        if fault and fault.body is not None:
            response = Response(fault.body, 200, mimetype="application/json")
        elif fault and fault.status:
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            body = TOO_MANY if fault.status == 429 else {"message": "Internal Server Error"}
            response = Response(_json(body), fault.status, headers, mimetype="application/json")
        else:
            response = self._answer(request)
        self.log.append(Hit(request.method, request.path, request.query_string.decode(),
                            request.headers.get("x-api-key"), response.status_code, fault is not None))
        if fault and fault.delay:        # logged first: the client may have given up by the time it ends
            time.sleep(fault.delay)
        return response(environ, start_response)

    def _fault(self, target: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times > 0 and fault.match in target:
                    fault.times -= 1
                    return fault
        return None


@dataclass
class FakeS2(FakeServer):
    papers: dict[str, dict]                      # paperId -> S2 paper record (openAccessPdf url as a path)
    citations: dict[str, list[dict]]             # seed paperId -> citation entries (citingPaper = paperId)
    pdfs: dict[str, Path] = field(default_factory=dict)        # path on the host -> file
    cases: dict[str, str] = field(default_factory=dict)        # fault case -> paperId
    faults: list[Fault] = field(default_factory=list)
    log: list[Hit] = field(default_factory=list)
    window: int = MAX_WINDOW                     # citations served per paper (offset + limit < window)
    snippets: dict[str, list[dict]] = field(default_factory=dict)   # query -> snippet search hits

    def __post_init__(self):
        self._start_faults()
        self._ids: dict[str, str] = {}
        for pid, paper in self.papers.items():
            self._index(pid, paper)

    def _index(self, pid: str, paper: dict) -> None:
        ext = paper["externalIds"]
        for ident in (pid, f"CorpusId:{ext['CorpusId']}", f"ARXIV:{ext.get('ArXiv')}", f"DOI:{ext.get('DOI')}"):
            self._ids.setdefault(ident, pid)

    def add_paper(self, paper: dict) -> None:
        """A paper the API knows (e.g. one only snippet search finds)."""
        self.papers[paper["paperId"]] = paper
        self._index(paper["paperId"], paper)

    def drop_citing(self, paper_ids: set[str]) -> None:
        """Forget that these papers cite anything (an index's blind spot)."""
        self.citations = {s: [e for e in entries if e["citingPaper"] not in paper_ids]
                          for s, entries in self.citations.items()}

    def _answer(self, request: Request) -> Response:
        path = request.path
        if path == API + "/paper/batch":
            return self._batch(request)
        if path == API + "/snippet/search":
            return self._snippet_search(request)
        if path.startswith(API + "/paper/"):
            return self._api(request, path[len(API + "/paper/"):])
        if path.startswith("/arxiv/") and path in self.pdfs:
            data = self.pdfs[path].read_bytes()
            return Response((data[i:i + 65536] for i in range(0, len(data), 65536)), mimetype="application/pdf")
        if path in self.pdfs:
            return Response(self.pdfs[path].read_bytes(), mimetype="application/pdf")
        if self.cases.get("html") and path == f"/oa/{self.cases['html']}.pdf":
            return Response(LANDING_PAGE, mimetype="text/html")
        if self.cases.get("truncated") and path == f"/oa/{self.cases['truncated']}.pdf":
            data = (PDF_DIR / CASE_PDFS["truncated"]).read_bytes()
            return Response(data[:len(data) // 2], mimetype="application/pdf")
        return Response("Not Found", 404, mimetype="text/plain")

    def _api(self, request: Request, rest: str) -> Response:
        fields = [f for f in request.args.get("fields", "").split(",") if f]
        unknown = set(fields) - PAPER_FIELDS - (CITATION_FIELDS if rest.endswith("/citations") else set())
        if unknown:
            return _error(400, f"Unrecognized or unsupported fields: {sorted(unknown)}")
        root = request.host_url.rstrip("/")
        if rest.endswith("/citations"):
            pid = self._ids.get(rest[:-len("/citations")])
            if pid is None:
                return _error(404, "Paper not found")
            return self._citations(request, self.citations.get(pid, []), fields, root)
        pid = self._ids.get(rest)
        if pid is None:
            return _error(404, f"Paper with id {rest} not found")
        return Response(_json(self._paper(pid, fields or ["title"], root)), mimetype="application/json")

    def _citations(self, request: Request, entries: list[dict], fields: list[str], root: str) -> Response:
        try:
            offset, limit = int(request.args.get("offset", 0)), int(request.args.get("limit", 100))
        except ValueError:
            return _error(400, "offset and limit must be integers")
        if not 0 < limit <= MAX_LIMIT or offset < 0:
            return _error(400, f"limit must be between 1 and {MAX_LIMIT}, offset >= 0")
        if offset + limit >= self.window:
            return _error(400, f"offset + limit must be < {self.window}")
        paper_fields = [f for f in fields if f in PAPER_FIELDS] or ["title"]
        data = [{**{k: e[k] for k in fields if k in CITATION_FIELDS},
                 "citingPaper": self._paper(e["citingPaper"], paper_fields, root)}
                for e in entries[offset:offset + limit]]
        page = {"offset": offset, "data": data}
        if offset + limit < len(entries):
            page["next"] = offset + limit
        return Response(_json(page), mimetype="application/json")

    def _batch(self, request: Request) -> Response:
        """POST /paper/batch {"ids": [...]}: a record (or null) per id, in order."""
        fields = [f for f in request.args.get("fields", "").split(",") if f] or ["title"]
        ids = (request.get_json(silent=True) or {}).get("ids") or []
        if len(ids) > 500:
            return _error(400, "at most 500 ids")
        root = request.host_url.rstrip("/")
        return Response(_json([self._paper(self._ids[i], fields, root) if i in self._ids else None for i in ids]),
                        mimetype="application/json")

    def _snippet_search(self, request: Request) -> Response:
        """GET /snippet/search?query=&limit=[&year=YYYY or YYYY-YYYY]: the hits stored for the
        query (in papers of those years), best first; no offset, as the API."""
        query = request.args.get("query", "")
        if not query:
            return _error(400, "query is required")
        limit = int(request.args.get("limit", 10))
        if not 0 < limit <= MAX_LIMIT:
            return _error(400, f"limit must be between 1 and {MAX_LIMIT}")
        hits = self.snippets.get(query, [])
        if request.args.get("year"):
            lo, _, hi = request.args["year"].partition("-")
            years = {p["corpusId"]: p.get("year") for p in self.papers.values() if "corpusId" in p}
            hits = [h for h in hits if int(lo) <= (years.get(int(h["paper"]["corpusId"])) or 0) <= int(hi or lo)]
        return Response(_json({"data": hits[:limit], "retrievalVersion": "fake"}), mimetype="application/json")

    def _paper(self, pid: str, fields: list[str], root: str) -> dict:
        paper = self.papers[pid]
        out = {"paperId": pid, **{f: paper.get(f) for f in fields}}
        if (out.get("openAccessPdf") or {}).get("url"):
            out["openAccessPdf"] = {**out["openAccessPdf"], "url": root + out["openAccessPdf"]["url"]}
        return out


@pytest.fixture(scope="module")
def s2_server():
    """The Peng fake, running for one test module; skips when ../shared is absent."""
    if not (PENG_CSV.is_file() and PDF_DIR.is_dir()):
        pytest.skip(f"../shared not present: the fake Semantic Scholar needs {PENG_CSV} and {PDF_DIR}")
    with peng_server() as fake:
        yield fake


@pytest.fixture
def fake(s2_server):
    """The running fake with no faults left over and an empty request log."""
    s2_server.reset()
    return s2_server


def peng_server(profile: Profile | None = None, csv_path: Path = PENG_CSV) -> FakeS2:
    """The fake holding Peng et al.'s 1,404 papers as the citations of the profile's seeds."""
    from flows.discover import normalize_arxiv_id

    profile = profile or load_profile("ms-celeb-1m")
    with open(csv_path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    papers = {r["paperId"]: _record(r, i) for i, r in enumerate(rows)}
    citations: dict[str, list[dict]] = {}
    for seed in profile.seeds:
        pid = next((p for p, rec in papers.items() if seed.arxiv and rec["externalIds"].get("ArXiv") == seed.arxiv),
                   None) or _seed_record(seed, papers)
        column, subject = SEED_COLUMNS.get(seed.arxiv or ""), SEED_SUBJECTS.get(seed.arxiv or "")
        citations[pid] = [_entry(r, subject) for r in rows if column and r[column] == "1"]
    cases = _pick_cases(rows)
    pdfs = {f"/oa/{pid}.pdf": PDF_DIR / name for pid, name in REAL_PDFS.items()}
    pdfs |= {f"/oa/{cases[c]}.pdf": PDF_DIR / CASE_PDFS[c] for c in ("flaky", "slow")}
    pdfs[f"/arxiv/{normalize_arxiv_id(papers[cases['fallback']]['externalIds']['ArXiv'])}"] = (
        PDF_DIR / CASE_PDFS["fallback"])
    return FakeS2(papers, citations, pdfs, cases)


def _record(row: dict, index: int) -> dict:
    """An S2 paper record from a Peng row. Papers without a PDF get openAccessPdf null or, as the
    API now also answers, an entry with an empty url (alternately)."""
    from flows.discover import normalize_arxiv_id

    pid = row["paperId"]
    ext = {"CorpusId": int(pid[:7], 16)}
    if row["arxivId"]:
        ext["ArXiv"] = normalize_arxiv_id(row["arxivId"])
    if row["doi"]:
        ext["DOI"] = row["doi"]
    if row["pdfUrl"]:
        oa = {"url": f"/oa/{pid}.pdf", "status": "GREEN", "license": None}
    else:
        oa = None if index % 2 else {"url": "", "status": None, "license": None}
    return {"paperId": pid, "corpusId": ext["CorpusId"], "externalIds": ext, "title": row["title"],
            "abstract": row["abstract"] or None, "venue": row["venue"] or "",
            "year": int(row["year"]) if row["year"] else None, "publicationDate": None,
            "authors": [], "openAccessPdf": oa, "isOpenAccess": bool(row["pdfUrl"]),
            "url": f"https://www.semanticscholar.org/paper/{pid}"}


def _seed_record(seed: Seed, papers: dict[str, dict]) -> str:
    pid = hashlib.sha1(seed.title.encode()).hexdigest()
    ext = {"CorpusId": seed.s2_corpus_id or int(pid[:7], 16)}
    ext |= {"ArXiv": seed.arxiv} if seed.arxiv else {}
    ext |= {"DOI": seed.doi} if seed.doi else {}
    papers[pid] = {"paperId": pid, "externalIds": ext, "title": seed.title, "openAccessPdf": None}
    return pid


def _entry(row: dict, subject: re.Pattern | None) -> dict:
    sentences = re.split(r"(?<=[.!?])\s+", row["abstract"] or "")
    contexts = [s for s in sentences if subject and subject.search(s)]
    return {"contexts": contexts, "intents": ["methodology"] if contexts else [],
            "contextsWithIntent": [{"context": c, "intents": ["methodology"]} for c in contexts],
            "isInfluential": bool(contexts), "citingPaper": row["paperId"]}


def _pick_cases(rows: list[dict]) -> dict[str, str]:
    """One paper per fault case, the first in file order that fits it."""
    free = [r for r in rows if r["paperId"] not in REAL_PDFS]
    oa_only = [r["paperId"] for r in free if r["pdfUrl"] and not r["arxivId"]]
    with_arxiv = [r["paperId"] for r in free if r["pdfUrl"] and r["arxivId"]]
    return {"html": oa_only[0], "truncated": oa_only[1], "flaky": oa_only[2], "slow": oa_only[3],
            "fallback": with_arxiv[0],
            "no_oa": next(r["paperId"] for r in free if not r["pdfUrl"] and not r["arxivId"]),
            "both_seeds": next(r["paperId"] for r in free if r["cites D9"] == r["cites D10"] == "1")}


# A passage written for the tests: the authors' own training on a derivative.
OWN_USE = "Our backbone is trained from scratch on MS1MV2 for 20 epochs with a batch size of 512."


def snippet_only_paper(s2_fake, pid: str = "5" * 40, year: int = 2021) -> dict:
    """A paper that cites no seed, known to the S2 fake (no open-access PDF)."""
    paper = {"paperId": pid, "corpusId": int(pid[:7], 16), "externalIds": {"CorpusId": int(pid[:7], 16)},
             "title": "Lightweight face embeddings for edge devices", "abstract": None, "venue": "", "year": year,
             "publicationDate": None, "authors": [], "openAccessPdf": None, "isOpenAccess": False}
    s2_fake.add_paper(paper)
    return paper



def snippet_hit(paper: dict, text: str, section: str = "Experiments") -> dict:
    """A snippet search hit shaped like the API's: the passage and a little about its paper."""
    return {"score": 0.5, "snippet": {"text": text, "snippetKind": "body", "section": section},
            "paper": {"corpusId": str(paper["corpusId"]), "title": paper.get("title"), "authors": [],
                      "openAccessInfo": {"license": None, "status": None}}}


def _json(obj) -> str:
    return json.dumps(obj)


def _error(status: int, message: str) -> Response:
    return Response(_json({"error": message}), status, mimetype="application/json")

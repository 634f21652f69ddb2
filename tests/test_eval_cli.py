"""`citewatch eval --by-source` on generated papers: scores per source group and the review share."""
from __future__ import annotations

import json

from typer.testing import CliRunner

import pdfs
from flows.cli import app


def test_eval_by_source_prints_each_group_and_the_review_share(tmp_path):
    papers = {
        "own.pdf": (pdfs.standard_paper(["We train our model on MS-Celeb-1M (Guo et al., 2016)."]), True, "alice/papers"),
        "table.pdf": (pdfs.standard_paper(["Table 1: Training data used in our experiments.", "MS1MV2"]), True,
                      "bob/theses"),
        "other.pdf": (pdfs.standard_paper(["We train our model on VGGFace2."],
                                          related=["Guo et al. [3] trained on MS-Celeb-1M."]), False, "bob/theses"),
    }
    (tmp_path / "pdf").mkdir()
    gold, manifest = [], ["file,source_repo"]
    for name, (data, uses, repo) in papers.items():
        (tmp_path / "pdf" / name).write_bytes(data)
        gold.append(json.dumps({"file": f"pdf/{name}", "uses_msceleb": uses, "is_paper": True}))
        manifest.append(f"pdf/{name},{repo}")
    (tmp_path / "gold.jsonl").write_text("\n".join(gold))
    (tmp_path / "MANIFEST.csv").write_text("\n".join(manifest))

    result = CliRunner().invoke(app, ["eval", "--gold", str(tmp_path / "gold.jsonl"),
                                      "--pdf-dir", str(tmp_path / "pdf"), "--by-source"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "0.333 (1/3 mentioning papers flagged)" in out
    assert "REVIEW table.pdf" in out
    groups = out[out.index("by source group"):].splitlines()
    alice = next(line for line in groups if line.startswith("alice/papers"))
    bob = next(line for line in groups if line.startswith("bob/theses"))
    assert alice.split()[1:3] == ["1", "1.00"] and bob.split()[1] == "2"


def test_eval_by_source_without_a_manifest_says_what_is_missing(tmp_path):
    (tmp_path / "gold.jsonl").write_text("")
    result = CliRunner().invoke(app, ["eval", "--gold", str(tmp_path / "gold.jsonl"), "--pdf-dir", str(tmp_path),
                                      "--by-source"])
    assert result.exit_code != 0
    assert "MANIFEST.csv" in result.output

"""Dataset profiles: the YAML files in models/datasets/, one per watched dataset."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PROFILE_DIR = Path(__file__).parent / "datasets"


class ProfileError(ValueError):
    """A profile file is missing, malformed or incomplete."""


@dataclass(frozen=True)
class Seed:
    title: str
    arxiv: str | None = None
    doi: str | None = None
    s2_corpus_id: int | None = None
    openalex: str | None = None          # OpenAlex work id (W...); else resolved by DOI / arXiv id at run start
    introduces: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)   # hashed by identity: profiles key caches of compiled matchers
class Profile:
    slug: str
    name: str
    withdrawn: dt.date | None
    seeds: tuple[Seed, ...]
    variants: dict[str, tuple[str, ...]]     # canonical variant -> aliases (canonical included)
    confusables: tuple[str, ...] = ()
    description: str = ""
    licence: str = ""
    relations: dict[str, str] = field(default_factory=dict)
    usages: dict[str, str] = field(default_factory=dict)   # what a variant is used for when a sentence
                                                           # does not say ("RFW" is a test set: evaluate)

    @property
    def seed_papers(self) -> dict[str, tuple[str, ...]]:
        """Each seed paper's title -> the variants it introduced."""
        return {seed.title: seed.introduces for seed in self.seeds}


def available_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.yaml"))


def load_profile(name_or_path: str | Path) -> Profile:
    """Load a profile by slug (a file in models/datasets/) or by path to a YAML file."""
    path = Path(name_or_path)
    if not path.suffix:
        path = PROFILE_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        raise ProfileError(f"no dataset profile {name_or_path!r}; available: {', '.join(available_profiles())}")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ProfileError(f"{path}: not valid YAML: {exc}") from exc
    return parse_profile(raw, source=str(path))


def parse_profile(raw: object, source: str = "<profile>") -> Profile:
    if not isinstance(raw, dict):
        raise ProfileError(f"{source}: expected a mapping at the top level")
    for key in ("slug", "name", "variants"):
        if key not in raw:
            raise ProfileError(f"{source}: missing required key {key!r}")
    variants: dict[str, tuple[str, ...]] = {}
    relations: dict[str, str] = {}
    usages: dict[str, str] = {}
    for canonical, spec in raw["variants"].items():
        spec = spec or {}
        if not isinstance(spec, dict):
            raise ProfileError(f"{source}: variant {canonical!r} must be a mapping with 'aliases'")
        aliases = [str(a) for a in spec.get("aliases", [])]
        variants[str(canonical)] = tuple(dict.fromkeys([str(canonical), *aliases]))
        relations[str(canonical)] = str(spec.get("relation", ""))
        usage = str(spec.get("usage", "train"))
        if usage not in ("train", "evaluate"):
            raise ProfileError(f"{source}: variant {canonical!r}: usage must be train or evaluate, not {usage!r}")
        usages[str(canonical)] = usage
    withdrawn = raw.get("withdrawn")
    if isinstance(withdrawn, str):
        try:
            withdrawn = dt.date.fromisoformat(withdrawn)
        except ValueError as exc:
            raise ProfileError(f"{source}: withdrawn must be a date (YYYY-MM-DD): {withdrawn!r}") from exc
    seeds = tuple(
        Seed(
            title=str(s["title"]),
            arxiv=str(s["arxiv"]) if s.get("arxiv") else None,
            doi=str(s["doi"]) if s.get("doi") else None,
            s2_corpus_id=int(s["s2_corpus_id"]) if s.get("s2_corpus_id") else None,
            openalex=str(s["openalex"]) if s.get("openalex") else None,
            introduces=tuple(s.get("introduces", [])),
        )
        for s in raw.get("seeds", [])
    )
    return Profile(
        slug=str(raw["slug"]),
        name=str(raw["name"]),
        withdrawn=withdrawn,
        seeds=seeds,
        variants=variants,
        confusables=tuple(str(c) for c in raw.get("confusables", [])),
        description=str(raw.get("description", "")),
        licence=str(raw.get("licence", "")),
        relations=relations,
        usages=usages,
    )

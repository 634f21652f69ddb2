"""Affiliation and e-mail matching on a tiny registry, plus a few checks on the shared one."""

from __future__ import annotations

import gzip
import json
from types import SimpleNamespace

import pytest
from test_registry import SHARED_REGISTRY, needs_shared, shared_cache, write_tiny_registry  # noqa: F401

from extractors.institutions import CONFIDENT, country_hint, match_affiliation, match_email_domain, rule_sector
from models.registry import Registry

ROR = "https://ror.org/"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Registry:
    root = tmp_path_factory.mktemp("tiny")
    return Registry.load(write_tiny_registry(root / "registry"), cache_dir=root / "cache")


def registry_of(tmp_path, dump: list[dict], companies: list[dict] | None = None) -> Registry:
    """A registry of these ROR records (and company-table rows) alone."""
    from test_registry import write_csv
    root = tmp_path / "registry" / "ror"
    root.mkdir(parents=True)
    with gzip.open(root / "ror-data-test_schema_v2.json.gz", "wt", encoding="utf-8") as fh:
        json.dump(dump, fh)
    if companies:
        write_csv(tmp_path / "registry" / "companies" / "companies.csv", companies)
    return Registry.load(tmp_path / "registry", cache_dir=tmp_path / "cache")


def ids(matches) -> list[str | None]:
    return [m.ror_id for m in matches]


def test_exact_name_with_country_from_string(tiny):
    (m,) = match_affiliation(tiny, "Department of Computer Science, Stanford University, Stanford, CA 94305, USA")
    assert (m.ror_id, m.method, m.sector, m.country, m.primary) == (ROR + "00f54p054", "exact", "education", "US", True)


def test_multi_institution_strings(tiny):
    for text in ("Stanford University; Tsinghua University, Beijing, China",
                 "Stanford University and Tsinghua University",
                 "Stanford University, Stanford, USA, Tsinghua University, Beijing, China",
                 "Stanford University, United States and Tsinghua University, China"):    # (ACM bylines)
        matches = match_affiliation(tiny, text)
        assert ids(matches) == [ROR + "00f54p054", ROR + "03cve4549"], text
        assert all(m.primary for m in matches)


def test_most_specific_unit_keeps_parent(tiny):
    (m,) = match_affiliation(tiny, "Institute of Automation, Chinese Academy of Sciences, Beijing 100190, China")
    assert (m.ror_id, m.parent_ror_id, m.sector) == (ROR + "022c3hy66", ROR + "034t30j35", "facility")


def test_same_name_resolved_by_country(tiny):
    assert ids(match_affiliation(tiny, "Institute of Automation, Bremen, Germany")) == [ROR + "056qj1t15"]
    (ambiguous,) = match_affiliation(tiny, "Institute of Automation")  # two candidates, no hint
    assert (ambiguous.ror_id, ambiguous.method, ambiguous.sector) == (None, "unmatched", "facility")


def test_company_lab_abroad_takes_country_from_string(tiny):
    (tencent,) = match_affiliation(tiny, "Tencent AI Lab, Singapore")
    assert (tencent.ror_id, tencent.sector, tencent.country, tencent.method) == (
        ROR + "00hhjss72", "company", "SG", "rule")
    (msra,) = match_affiliation(tiny, "Microsoft Research Asia, Beijing, China")
    assert (msra.ror_id, msra.parent_ror_id, msra.country, msra.sector) == (
        ROR + "0300m5276", ROR + "00d0nc645", "CN", "company")


def test_company_without_ror_id_and_vendor_flag(tiny):
    (m,) = match_affiliation(tiny, "Clearview AI, New York")
    assert (m.ror_id, m.institution, m.flags) == (None, "Clearview AI", ("surveillance_vendor",))


def test_a_registered_defence_university_is_military(tmp_path):
    """ROR types defence universities and commands by their function (education, government)."""
    from test_registry import ror_record
    dump = [ror_record("0mil00001", "Velland Air Force Engineering University", "CN", ["education"]),
            ror_record("0mil00002", "Velland University of Naval Architecture", "CN", ["education"])]
    registry = registry_of(tmp_path, dump)
    assert [match_affiliation(registry, name)[0].sector for name in (
        "Velland Air Force Engineering University", "Velland University of Naval Architecture")] == [
        "military", "education"]


def test_a_name_shared_with_branches_abroad_is_the_organisation_and_a_company_s_home_is_its_hq(tmp_path):
    """ROR registers a company once per country it works in, each branch under its parent; a funder or
    byline printing the bare name means the company itself. A company whose home record the registry
    lacks keeps its home country, not that of the first branch listed."""
    from test_registry import COMPANIES, ror_record
    dump = [ror_record("0kes00001", "Kestrel (United States)", "US", ["company"]),
            ror_record("0kes00002", "Kestrel (Singapore)", "SG", ["company"], parent="0kes00001"),
            ror_record("0kes00003", "Kestrel (Australia)", "AU", ["company"], parent="0kes00001"),
            ror_record("0ald00001", "Aldren Institute", "US", ["facility"]),      # same name, no kin: ambiguous
            ror_record("0ald00002", "Aldren Institute", "MY", ["facility"]),
            ror_record("0nor00002", "Norlund Systems (Germany)", "DE", ["company"]),
            ror_record("0nor00003", "Norlund Systems Research (Germany)", "DE", ["company"]),
            ror_record("0vel00001", "Velland University", "JP", ["education"])]      # (Japan is a known place)
    registry = registry_of(tmp_path, dump, [{
        **COMPANIES[0], "key": "norlund", "name": "Norlund Systems (incl. Norlund Research)", "hq_country": "JP",
        "name_regex": r"\bnorlund\b", "email_domains": "norlund.example", "ror_ids": ROR + "0nor00002",
        "ror_names": "Norlund Systems (Germany) [DE]"}])
    for text in ("Kestrel", "Kestrel, Mountain View, CA, USA"):
        assert (match_affiliation(registry, text)[0].ror_id, match_affiliation(registry, text)[0].country) == (
            ROR + "0kes00001", "US")
    (sg,) = match_affiliation(registry, "Kestrel, Singapore")
    assert (sg.ror_id, sg.country) == (ROR + "0kes00002", "SG")
    # none of the family is in Germany: a namesake, maybe
    assert [m.ror_id for m in match_affiliation(registry, "Kestrel, Munich, Germany")] in ([], [None])
    assert match_affiliation(registry, "Aldren Institute")[0].ror_id is None
    for text in ("Norlund Systems Research Lab", "Norlund Systems Corporation", "Norlund Systems"):
        (m,) = match_affiliation(registry, text)
        assert (m.institution, m.ror_id, m.country, m.sector) == ("Norlund Systems", None, "JP", "company")
    (de,) = match_affiliation(registry, "Norlund Systems (Germany), Munich, Germany")
    assert (de.ror_id, de.country) == (ROR + "0nor00002", "DE")
    (home,) = match_affiliation(registry, "Norlund Systems Research, Osaka, Japan")     # not the German lab
    assert (home.institution, home.country) == ("Norlund Systems", "JP")
    (lab,) = match_affiliation(registry, "Norlund Systems Research, Munich, Germany")
    assert (lab.ror_id, lab.country) == (ROR + "0nor00003", "DE")


def test_military_institution(tiny):
    for text in ("National University of Defense Technology, Changsha, China", "NUDT, Changsha"):
        (m,) = match_affiliation(tiny, text)
        assert (m.ror_id, m.sector, m.country, m.flags) == (ROR + "05d2yfz11", "military", "CN", ("military",))


def test_unmatched_organisation_typed_by_rules(tiny):
    (m,) = match_affiliation(tiny, "School of Computing, Zorblax University, Atlantis")
    assert (m.institution, m.ror_id, m.method, m.sector, m.primary) == (
        "Zorblax University", None, "unmatched", "education", True)
    (lab,) = match_affiliation(tiny, "Shenzhen Qianhai Vision Technology Co., Ltd., Shenzhen, China")
    assert (lab.method, lab.sector, lab.country) == ("unmatched", "company", "CN")


def test_a_legal_form_after_an_unregistered_name_makes_it_a_company(tiny):
    for text in ("Kestrel Palo Alto Laboratory, Inc., Palo Alto, USA",
                 "Kestrel Palo Alto Laboratory, Inc. 3400 Hillview Avenue, Palo Alto, USA"):
        (m, *_) = match_affiliation(tiny, text)
        assert m.institution.startswith("Kestrel Palo Alto Laboratory") and m.sector == "company", text
    assert [m.sector for m in match_affiliation(tiny, "Velland Institute, Group Leader, Atlantis")] == ["facility"]


def test_a_hospital_named_with_a_university_is_an_institution_of_its_own(tiny):
    matches = match_affiliation(tiny, "Velland Children's Hospital and Department of Pediatrics, Stanford University, "
                                      "Stanford, USA")
    assert sorted((m.institution, m.sector) for m in matches if m.primary) == [
        ("Stanford University", "education"), ("Velland Children's Hospital", "healthcare")]


def test_fuzzy_match_needs_same_country(tiny):
    (m,) = match_affiliation(tiny, "Nationl University of Singapore, Singapore")
    assert (m.ror_id, m.method) == (ROR + "01tgyzw49", "fuzzy") and 0.6 <= m.score < CONFIDENT
    assert ids(match_affiliation(tiny, "Nationl University of Singapore, Berlin, Germany")) == [None]


def test_fuzzy_match_abstains_when_a_proper_name_differs(tiny):
    """"Ural" for "Yugra" passes the ratio cutoff, but a swapped rare word is another organisation."""
    assert ids(match_affiliation(tiny, "Department of Physics, Ural State University, Ekaterinburg, Russia")) == [None]
    (m,) = match_affiliation(tiny, "Yugra State Universty, Russia")
    assert (m.ror_id, m.method) == (ROR + "04gnjpv02", "fuzzy")


def test_registered_name_after_first_names(tiny):
    (m,) = match_affiliation(tiny, "Franklin. W. Olin College of Engineering")
    assert (m.institution, m.country, m.sector) == ("Olin College of Engineering", "US", "education")


def test_registered_name_inside_a_string_printed_without_commas(tiny):
    """Layouts that drop the commas between a unit and its institution still name the institution."""
    (m,) = match_affiliation(tiny, "Faculty of Engineering Olin College of Engineering Needham 02492")
    assert (m.institution, m.method, m.sector) == ("Olin College of Engineering", "fuzzy", "education")


def test_branch_picked_by_the_city_in_the_address(tiny):
    (m,) = match_affiliation(tiny, "Istituto Nazionale di Fisica Nucleare, I-80126 Napoli, Italy")
    assert (m.ror_id, m.parent_ror_id) == (ROR + "015kcdd40", ROR + "005ta0471")
    (m,) = match_affiliation(tiny, "INFN, Via Cintia, Italy")  # a street is no branch
    assert m.ror_id == ROR + "005ta0471"


def test_university_absorbs_its_lab_but_an_academy_does_not(tiny):
    (m,) = match_affiliation(tiny, "State Key Laboratory of Low-Dimensional Quantum Physics, Department of Physics, "
                                   "Tsinghua University, Beijing, China")
    assert m.ror_id == ROR + "03cve4549"
    (m,) = match_affiliation(tiny, "Institute of Automation, Chinese Academy of Sciences, Beijing, China")
    assert m.ror_id == ROR + "022c3hy66"


def test_university_is_primary_among_unrelated_units(tiny):
    first, second = match_affiliation(tiny, "Tsinghua University, Chinese Academy of Sciences, Beijing")
    assert (first.ror_id, first.primary, second.primary) == (ROR + "03cve4549", True, False)


def test_place_named_by_a_company_unit(tiny):
    (m,) = match_affiliation(tiny, "Tencent America, Inc.")
    assert (m.ror_id, m.country) == (ROR + "00hhjss72", "US")


def test_several_unrelated_units_lower_the_score(tiny):
    first, second = match_affiliation(tiny, "Chinese Academy of Sciences, Tsinghua University, Beijing")
    assert first.primary and not second.primary and first.score < 1


def test_a_joint_research_unit_is_never_a_confident_match(tiny):
    (alone,) = match_affiliation(tiny, "Stanford University, Stanford, CA, USA")
    (joint,) = match_affiliation(tiny, "Stanford University, UMR 1234, Stanford, CA, USA")
    assert alone.score >= CONFIDENT > joint.score and joint.ror_id == alone.ror_id


def test_optional_nlp_adds_org_entities(tiny):
    def fake_nlp(text):
        return SimpleNamespace(ents=[SimpleNamespace(text="Wellcome Trust", label_="ORG")])
    assert ids(match_affiliation(tiny, "visiting Wellcome Trust fellows laboratory")) == [None]  # kept, unmatched
    assert ids(match_affiliation(tiny, "visiting Wellcome Trust fellows laboratory", nlp=fake_nlp)) == [ROR + "0abcd1234"]


@pytest.mark.parametrize(("address", "expected"), [
    ("alice@cs.stanford.edu", ROR + "00f54p054"),  # sub-domain climbs to stanford.edu
    ("mails.tsinghua.edu.cn", ROR + "03cve4549"),
    ("bob@tencent.com", ROR + "00hhjss72"),
])
def test_email_domains(tiny, address, expected):
    m = match_email_domain(tiny, address)
    assert (m.ror_id, m.method) == (expected, "email")


@pytest.mark.parametrize("address", ["alice@gmail.com", "163.com", "x@vip.qq.com", "nobody@edu.cn", "a@unknown.org"])
def test_free_mail_and_unknown_domains_give_nothing(tiny, address):
    assert match_email_domain(tiny, address) is None


def test_academic_domain_without_registry_entry(tiny):
    m = match_email_domain(tiny, "x@lab.example.ac.jp")
    assert (m.institution, m.ror_id, m.country, m.sector) == ("Example Academy", None, "JP", "education")


@pytest.mark.parametrize(("name", "sector"), [
    ("Zorblax University", "education"), ("Acme Vision Technology Co., Ltd.", "company"),
    ("Foo GmbH", "company"), ("Beijing Institute of Technology", "education"),
    ("Nowhere Academy of Sciences", "facility"), ("Key Laboratory of Imaging", "facility"),
    ("Ministry of Public Security", "government"), ("Shanghai Police Bureau", "government"),
    ("National University of Defense Technology", "military"), ("PLA Unit 61398", "military"),
    ("Army Engineering University", "military"), ("Peking Union Hospital", "healthcare"),
    ("Naval Research Laboratory", "military"),
    ("Department of Physics", None),
    ("Universidad de las Fuerzas Velandas Armadas", "education"), ("Universidad de las Fuerzas Armadas Velland", "military"),
    ("Universität der Bundeswehr Velland", "military"), ("Academia Militar de Velland", "military"),
    ("Faculty of Naval Architecture", None), ("Velland Defense Fund", None),
    ("Universidade do Vale do Velland", "education"), ("Hochschule Velland", "education"),
    ("Politecnico di Velland", "education"), ("Politechnika Velland", "education"),
    ("Velland Institute of Science and Technology", "education"), ("Kestrel Monitor sp. z o. o.", "company"),
    ("Kestrel Vision S.p.A.", "company"), ("Kestrel Visão Ltda", "company"),
    ("The Velland Research Foundation", "nonprofit"), ("Fondazione Velland", "nonprofit"),
    ("Directorate of Forensic Services", "government"), ("Raggruppamento Carabinieri Velland", "government"),
    ("Korea Velland Security Agency", "government"), ("Velland Space Administration", "government"),
    ("Velland Academy of Artificial Intelligence", "facility"), ("Velland Academy of Agricultural Sciences", "facility"),
    ("Velland Academy of Fine Arts", None),
    # care for patients, by the names hospitals go by
    ("Velland Deaconess Medical Center", "healthcare"), ("Kestrel Clinic", "healthcare"),
    ("CHU de Velland", "healthcare"), ("Centre Hospitalier Universitaire de Velland", "healthcare"),
    ("Universitätsklinikum Velland", "healthcare"), ("Ospedale Velland", "healthcare"),
    ("Velland Cancer Centre", "healthcare"), ("Velland NHS Foundation Trust", "healthcare"),
    ("Velland Medical College", "education"), ("Velland Clinical Research Institute", "facility"),
    ("CHU de Velland - Universite Kestrel", "healthcare"), ("Chu Associates", None), ("Kestrel AI Clinic Inc", "company"),
    ("Velland Law School Legal Clinic", "education"),     # (a law school's clinic: no hospital)
    # a university's schools, named alone
    ("Kestrel School of Engineering", "education"), ("Velland Medical School", "education"),
    ("Velland Graduate School", "education"), ("Kestrel School of Nursing", "education"),
    ("School of Arts and Crafts Ltd", "company"), ("Velland Medical School Foundation", "nonprofit"),
])
def test_rule_sector(name, sector):
    assert rule_sector(name) == sector


def test_country_hint_ignores_org_names(tiny):
    assert country_hint(tiny, ["University of Georgia", "Athens", "USA"]) == "US"
    assert country_hint(tiny, ["Tencent AI Lab", "Singapore"]) == "SG"


@pytest.fixture(scope="module")
def shared(shared_cache) -> Registry:  # noqa: F811
    if not SHARED_REGISTRY.is_dir():
        pytest.skip(f"shared registry data not found at {SHARED_REGISTRY}")
    return Registry.load(SHARED_REGISTRY, cache_dir=shared_cache)


@needs_shared
@pytest.mark.parametrize(("text", "ror_id", "sector", "country"), [
    ("Microsoft Research Asia, Beijing, China", ROR + "0300m5276", "company", "CN"),
    ("Tencent AI Lab, Singapore", ROR + "00hhjss72", "company", "SG"),
    ("College of Computer, National University of Defense Technology, Changsha, China",
     ROR + "05d2yfz11", "military", "CN"),
    ("Institute of Automation, Chinese Academy of Sciences, Beijing", ROR + "022c3hy66", "facility", "CN"),
    # a national laboratory a university runs is a research facility of its own
    ("Argonne National Laboratory, Lemont, IL, USA", ROR + "05gvnxz63", "facility", "US"),
])
def test_shared_registry_examples(shared, text, ror_id, sector, country):
    primary = [m for m in match_affiliation(shared, text) if m.primary]
    assert [(m.ror_id, m.sector, m.country) for m in primary] == [(ror_id, sector, country)]


@needs_shared
def test_a_name_inside_a_segment_is_an_institution_s_own(shared):
    """A unit printed before its institution without a comma; a generic name ("College of
    Technology", an alias of some registered body) inside another one is not that body."""
    (m,) = [m for m in match_affiliation(shared, "Faculty of Engineering Indian Institute of Science Bangalore "
                                                 "560 012") if m.primary]
    assert (m.institution[:27], m.sector, m.country) == ("Indian Institute of Science", "education", "IN")
    assert [m.ror_id for m in match_affiliation(shared, "Velland College of Technology")] == [None]


@needs_shared
def test_a_state_code_is_no_country(shared):
    """Short place names ("WA", "Aba") give no country: Seattle, WA is in the United States."""
    (m,) = match_affiliation(shared, "Paul G. Allen School of Computer Science, University of Washington, Seattle, WA 98195")
    assert m.country == "US"


@needs_shared
def test_a_name_that_swaps_one_word_for_another_is_another_organisation(shared):
    """"Security" is no misspelling of "Society": the Korea Information Security Agency is not the
    National Information Society Agency (once "Korea Information Society Agency")."""
    (m,) = match_affiliation(shared, "Korea Information Security Agency, Seoul, South Korea")
    assert (m.ror_id, m.sector, m.country) == (None, "government", "KR")


@needs_shared
@pytest.mark.parametrize(("text", "institution", "sector"), [
    ("Washington and Lee University, Lexington, VA", "Washington and Lee University", "education"),
    ("Department of Radiology, Emory University Hospital, Atlanta, GA, USA", "Emory University Hospital", "healthcare"),
    ("Department of Computer Science and Engineering, University of Nevada, Reno, NV 89557, USA",
     "University of Nevada, Reno", "education"),
    ("Georgetown University, Washington, DC", "Georgetown University", "education"),       # DC is no acronym
    ("University of Hawaii, Honolulu, HI", "University of Hawaii", "education"),
    ("Velland Research Centre, Co. Kildare, Ireland", "Velland Research Centre", "facility"),   # a county
    ("Department of Radiology Massachusetts General Hospital Harvard Medical School Boston MA 02114",
     "Massachusetts General Hospital", "healthcare"),
])
def test_names_the_new_splits_and_forms_must_leave_alone(shared, text, institution, sector):
    assert [(m.institution, m.sector) for m in match_affiliation(shared, text)] == [(institution, sector)]


@needs_shared
def test_a_generic_name_registered_in_another_country_is_another_organisation(shared):
    """"International University" is an alias of a Korean college: printed in Vietnam, it is not that one."""
    assert [m.country for m in match_affiliation(shared, "International University, Ho Chi Minh City, Vietnam")
            if m.ror_id] == []


@needs_shared
def test_shared_registry_email(shared):
    assert match_email_domain(shared, "a@cs.stanford.edu").ror_id == ROR + "00f54p054"
    assert match_email_domain(shared, "someone@163.com") is None



def test_a_registered_name_or_acronym_opening_a_segment_with_its_unit_or_site(tmp_path):
    """"RIKEN AIP", "RIKEN Center for ...", "INRIA Sophia-Antipolis": the institution, printed with one
    of its centres or sites; a funder's name on a university's centre is not the funder."""
    from test_registry import ror_record
    dump = [ror_record("0vel00001", "Velkenrik", "JP", ["facility"]),
            ror_record("0vel00002", "Institut Velland de Recherche", "FR", ["facility"], acronyms=["VELRIA"]),
            ror_record("0vel00003", "Kestrelcome", "GB", ["funder"]),
            ror_record("0vel00004", "Aldren University", "GB", ["education"])]
    registry = registry_of(tmp_path, dump)
    for text in ("Velkenrik AIP, Tokyo", "Velkenrik Center for Advanced Intelligence Project, Tokyo",
                 "Vision team, VELRIA Sophia-Antipolis, Montpellier"):
        assert match_affiliation(registry, text)[0].ror_id in (ROR + "0vel00001", ROR + "0vel00002")
    (aldren,) = [m for m in match_affiliation(registry, "Kestrelcome Centre for Neuroimaging, Aldren University")
                 if m.primary]
    assert aldren.ror_id == ROR + "0vel00004"
    assert [m.ror_id for m in match_affiliation(registry, "Kestrelcome Centre for Neuroimaging")] in ([], [None])


@needs_shared
def test_a_university_s_national_laboratory_of_a_field_is_the_university_s(shared):
    [primary] = [m for m in match_affiliation(shared, "National Laboratory of Solid State Microstructures, Nanjing, China")
                 if m.primary]
    assert (primary.sector, primary.country) == ("education", "CN")


def test_of_two_unregistered_organisations_the_later_is_the_institution(tiny):
    primary = [m for m in match_affiliation(tiny, "Institute of Quantum Sensing, Velland Comprehensive National Science "
                                                  "Center, Velland City 230039, China") if m.primary]
    assert [(m.institution, m.sector) for m in primary] == [("Velland Comprehensive National Science Center", "facility")]


@needs_shared
def test_two_universities_named_in_full_in_one_affiliation_are_both_primary(shared):
    primary = [m.institution for m in match_affiliation(shared, "Université Paris-Saclay, Université d'Antananarivo, IRD")
               if m.primary]
    assert sorted(primary) == ["University of Antananarivo", "Université Paris-Saclay"]
    # a university and its campus, or its acronym, are one
    assert [m.institution for m in match_affiliation(shared, "Cornell University, Cornell Tech, New York") if m.primary] \
        in (["Cornell University"], ["Cornell Tech"])


def test_of_unregistered_organisations_the_one_with_a_legal_form_is_the_institution(tiny):
    primary = [m for m in match_affiliation(tiny, "Aldren Robotics GmbH, Perception Lab, Munich, Germany") if m.primary]
    assert [m.institution for m in primary] == ["Aldren Robotics GmbH"]

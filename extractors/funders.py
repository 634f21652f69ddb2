"""Funders named in an acknowledgments or funding statement, one record per funder.

"This work was supported by the NSFC (Grant No. 61672519, 61876178) and the Key Research Program
of Frontier Sciences, CAS (QYZDB-SSW-JSC009)" names two funders, each with its grants. The text
is split into sentences; only sentences that state support ("supported by", "funded by",
"acknowledges support from" ...) are read, and the list after the trigger is split into funders
where a grant number, a closing parenthesis or "the" marks a boundary, so that names which
contain "and" ("Natural Sciences and Engineering Research Council") stay whole. In-kind support
(GPU and equipment donations) is not funding and is dropped, as the labelling guide says.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from extractors.affiliations import COUNTRY
from extractors.institutions import LEGAL_FORM, US_STATES, normalize


@dataclass(frozen=True)
class FunderMention:
    """A funder as printed (`raw`), a normalised `name`, its grant ids and the clause quoted."""

    raw: str
    name: str
    grant_ids: list[str] = field(default_factory=list)
    page: int = 1
    quote: str = ""
    gift: bool = False          # printed as a gift ("a gift from Cisco"): a company's or a philanthropy's money
    place: str | None = None    # the country printed after it ("National Research Foundation, Singapore")


_SUPPORT_VERBS = r"(?:supported|funded|co-?funded|sponsored|financed)"
_TRIGGER = re.compile(
    r"\b(?:(?:" + _SUPPORT_VERBS + r"|founded)\b(?:,?\s+\w+){0,3}?,?\s+(?:by|from|through)"
    r"|(?:support|funding|grants?)\s+(?:from|of|by)|financial\s+support\s+(?:I|we)\s+received\s+from"
    r"|(?:support|funding)\b[^.;]{0,40}?\bprovided\s+(?:in\s+part\s+)?by):?\s+", re.I)   # "support ... provided by", "supported by:"
# Funders thanked for their money, named before it: "The authors thank CAPES and CNPq (grant 3093) for the
# financial support", "We thank the Velland Trust for funding this research", "The Norlund Council is
# gratefully acknowledged for financial support", "Kestrel Corp. has provided additional support" (not
# "We thank A. Lee for his financial support").
_THANKS_FOR = re.compile(
    r"\bthanks?\s+(?:to\s+)?(?P<who>.+?)\s+for\s+(?:(?:its|their|the|a|generous|partial|continued)\s+)*"
    r"(?:financial\s+support|funding|financing|(?:research\s+)?grants?\b)"
    r"|^\W*(?:(?:in\s+addition|additionally|moreover|also|finally|further(?:more)?),\s*)?(?:the\s+)?"
    r"(?P<who3>.+?)\s+(?:(?:has|have)\s+)?(?:also\s+)?provided\s+(?:(?:additional|partial|generous|some)\s+)*"
    r"(?:funding|financial\s+support|support(?=\s*(?:[.;]|$|to\s+(?:this|the)\s+(?:work|research|project|study))))"
    r"|^\W*(?P<who2>.+?)\s+(?:is|are)\s+(?:gratefully\s+)?acknowledged\s+for\s+(?:(?:its|their|the)\s+)?"
    r"(?:financial\s+support|funding)", re.I)
_THANKS_TO = re.compile(r"^\W*thanks\s+to\b", re.I)   # (in a body text, no thanking: "Thanks to ImageNet, startups ...")
# What a thanks-list keeps: the last thing thanked ("A. Lee for discussions and the Velland Trust")
_THANKED_BEFORE = re.compile(r"^.*\bfor\s+(?-i:[a-z])[^,]*?(?:,\s*(?:and\s+)?|\s+and\s+)(?:to\s+)?", re.I)
# "X grant funded by Y" names two funders; "K. Lee was supported by Y" names one (a person is no funder)
_FUNDED_BY = re.compile(r"(?:^|\s+)(?P<person>(?:was|were|is|are|has\s+been|have\s+been)\s+(?:(?:\w+ly|also|in\s+part)\s+)*)?"
                        + _SUPPORT_VERBS + r"\s+(?:by|from)\s+|\s+grant\s+from\s+", re.I)   # ("a CRCNS grant from the BMBF")
# A funding heading, run in or alone: "Funding:", "Funding information", "Funding sources".
_FUNDING_HEADING = r"funding(?:\s+(?:information|sources?|statement))?"
# A "Funding:" paragraph that only lists its funders, with no verb: "Funding: EPSRC studentship 2764909"
# (not "Funding: None", "Not applicable", "This research received no external funding", "Funding Open Access
# funding enabled by Projekt DEAL": a publication fee, not the research's money).
_FUNDING_LIST = re.compile(r"^\W*(?:" + _FUNDING_HEADING + r"\s*:\s+|funding\s+(?:information|sources?|statement)\s+"
                           r"(?=(?-i:[A-Z])))(?!none\b|n/?a\b|not applicable|open access\b|.*\bno\s+(?:\w+\s+)?"
                           r"funding)", re.I)
# In-kind support is no funding: hardware, compute, donations (a "gift" of money from a company or a
# philanthropy is funding).
_IN_KIND = re.compile(r"donat|\bGPUs?\b|hardware|equipment|comput\w*\s+(?:resources|time|hours)|\bcompute\b|credits\b"
                      r"|high[- ]performance computing|research computing|supercomput\w*|computing infrastructure"
                      r"|infrastructure\s+provided|research\s+cloud\b|cloud\s+credits",
                      re.I)
# (a sentence may open with a footnote's mark, "†This work ...", or a parenthesis opening prose,
# "(Corresponding author: X.) A is with ..."; an initial ends none, "Alfred P. Sloan Foundation", "the U.S.
# Army", nor a name's exclamation mark, "Hi! PARIS")
_SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?]\)))\s+(?=[*\u2217\u2020\u2021\u00a7\u00b6]?[A-Z]|\((?:Corresponding|[A-Z][a-z]+\s+[a-z]))(?<!!\s(?=[A-Z]{2,}\b))(?<!\b[Nn]o\.\s)(?<!\b[Nn]os\.\s)(?<!\bDr\.\s)"
                       r"(?<!\bProf\.\s)(?<!\bMr\.\s)(?<!\bMs\.\s)"
                       r"(?<![\s(.\-][A-Z]\.\s)")
# Grant ids: a token with >= 3 digits ("61672519", "IIS-1763523", "W911NF-16-1-0001",
# "2014-14071600010", "EP/S010203/1", the DFG's "JA 504/17-1", "cstc2021jcyj-msxm0530"), not a bare year.
_GRANT = re.compile(r"(?<![\w/\-])#?((?:[A-Z]{2,3}\s(?=\d+/))?[A-Za-z0-9]+(?:[\-/._][A-Za-z0-9]+)*)(?![\w/\-])")
# Words that end a funder's name: a comma or "and" after one of them starts the next funder.
_BODY_WORDS = (r"foundation|council|funds?|program(?:me)?s?|ministry|agency|office|society|academy|university|institute"
               r"|commission|trust|administration|plan|fellowships?|scholarships?|awards?|grants|supplements?|initiative"
               r"|endowment|laborator(?:y|ies)")
_HEAD = re.compile(r"(?:" + _BODY_WORDS + r"|inc\.?|llc|gmbh|corp\.?|ltd\.?|limited|plc|\))\s*$", re.I)
# The words of a grant itself, which follow a funder's name: "under Grant No.", "through the research award".
_GRANT_WORDS = r"(?:grants?(?:\s+agreements?)?|agreements?|(?:prime\s+)?contracts?|awards?|projects?|references?)"
# The word for a grant's number: "No.", "Nos.", "n.", "number", "#"
_NUMBER_WORD = r"(?:nos?\.?|n[.°º]|numbers?|#)"


# Funding stated outside an acknowledgments section: a paragraph under a run-in heading of its own
# ("Acknowledgments This work was ...", "Funding: This research was ..."; not "Funding for face data
# is scarce"), or a sentence of a first-page footnote or a note ("This work was supported in part by
# the ...", "The authors acknowledge support from ...", "Supported by the ..."), when what follows
# names a supporter (not "supported by our results", "by evidence from Figure 3").
_RUN_IN = re.compile(r"^\W*(?:acknowledge?ments?|" + _FUNDING_HEADING + r"|financial\s+support)"
                     r"(?:\s*[:.]\s*|\s+(?=(?-i:[A-Z])))", re.I)
_NAMED_SUPPORTER = (r"(?=(?:\s+[\w,-]+){0,6}?\s+(?:by|from|through):?\s+(?:(?:the|an?)\s+)?"
                    r"(?!(?:Fig|Figure|Table|Tab|Section|Sec|Eq|Appendix|Chapter)\b)(?-i:[A-Z]))")
_STATEMENT = re.compile(r"(?:\b(?:this|the|the present|our)\s+(?:\w+\s+)?"
                        r"(?:work|research|study|project|paper|article|material|authors?)\s+"
                        r"(?:(?:was|is|has been|have been|were|are)\s+(?:(?:\w+ly|in part|also)\s+)*" + _SUPPORT_VERBS +
                        r"|(?:is|was)\s+based\s+(?:up)?on\s+work\s+supported"
                        r"|(?:was|is)\b[^.;]{0,80}?\band\s+(?:was\s+)?(?:\w+ly\s+)?" + _SUPPORT_VERBS +  # "... was done at X and supported by"
                        r"|(?:has|have)\s+received)|^\W*(?:(?:partially|partly|in part)\s+)?(?:supported|funded)"
                        r"|^\W*research\s+(?:was|is)\s+(?:\w+ly\s+)?" + _SUPPORT_VERBS +        # "Research was sponsored by"
                        # IEEE: "The work of K.-R. Muller was supported in part by" (not "the work of Zhang et al. [3]")
                        r"|^\W*the\s+work\s+of\s+(?![^;]*\bet\s+al\b)[^;\[\]]{1,60}?\s+(?:was|is)\s+"
                        r"(?:(?:\w+ly|in part|also)\s+)*" + _SUPPORT_VERBS +
                        r"|\b(?:financial\s+)?(?:support|funding)\s+(?:for\s+this\s+\w+\s+)?(?:was|is)\s+provided"
                        r"|\b(?:we|the authors?)\s+(?:gratefully\s+)?acknowledges?\s+(?:the\s+)?(?:financial\s+)?"
                        r"(?:support|funding)"
                        # an author by initials: "B.G. was supported by", "M. S. acknowledges support from"
                        r"|^\W*(?-i:(?:[A-Z]\.\s?){1,3}(?:[A-Z][a-z]+\s+)?)(?:(?:is|was|are|were)\s+(?:(?:\w+ly|in part|also)\s+)*"
                        + _SUPPORT_VERBS + r"|acknowledges\s+(?:the\s+)?(?:financial\s+)?(?:support|funding)))\b"
                        + _NAMED_SUPPORTER, re.I)


def funding_text(text: str) -> str:
    """What a paragraph outside the acknowledgments says about funding: all of it under a run-in
    funding heading, else its sentences that state the work's support."""
    lowered = text.lower()
    if not any(word in lowered for word in ("support", "fund", "sponsor", "financ", "acknowledg")):
        return ""                       # (most paragraphs: skip the sentence split)
    if _RUN_IN.match(text):
        return text
    return " ".join(s for s in _SENTENCE.split(text) if _STATEMENT.search(s) or (not _THANKS_TO.match(s) and _THANKS_FOR.search(s)))


def _is_grant(token: str) -> bool:
    """An id, not a year or a name with a number: in lower case it has letters after its digits
    ("cstc2021jcyj", "2020kf03"; not "Horizon2020", "Web3D", "COVID-19", "A100s")."""
    digits = sum(c.isdigit() for c in token)
    return digits >= 3 and len(token) >= 4 and not re.fullmatch(r"(?:19|20)\d\d", token) \
        and (not re.search(r"[a-z]", token) or bool(re.search(r"\d[A-Za-z]", token))) \
        and not re.fullmatch(r"[A-Za-z]*\d+(?:s|st|nd|rd|th)", token)      # ("A100s", "2020s", "21st")


def grant_ids(text: str) -> list[str]:
    """Grant numbers in `text`, in order."""
    return list(dict.fromkeys(m.group(1) for m in _GRANT.finditer(text) if _is_grant(m.group(1))))


# A grant's kind, printed before its id or alone: "NIH grant R01 GM123456", "NIH R01", "grant UL1 TR001863"
# (and the code CAPES grants carry: "Finance Code 001")
_GRANT_KIND = re.compile(r"(?<!\S)[A-Z]{1,3}\d{1,2}[A-Z]?(?=\s+\x00|\s*$)|(?i:finance\s+code)\s+\d+")
# The words around a grant id: "under the research grant No. \x00", "grant \x00", "(\x00)"
_GRANT_PHRASE = re.compile(r"(?:\s+(?:under|through|via|with))?(?:\s+(?:the|a|an))?(?:(?:\s+startup|\s+(?P<research>research))?"
                           r"\s+(?P<word>" + _GRANT_WORDS + r"))?(?:\s+" + _NUMBER_WORD + r")?\s*:?\s*\x00", re.I)


def _without_grant(m: re.Match) -> str:
    """A grant phrase removed; "Research" stays when it ends the funder's name ("Office of Naval Research
    grant N00014-...", "Ministry of Education and Research grant ...": a name's word or "and"/"of" before
    it), not in "DFG research grant", "Foundation Research Grant", "under the research grant", "Research
    Grant 2021-12 from ..."; so does a capitalised "Project" ending a name ("... Technology Project (No. 123)")."""
    research = m.group("research")
    before = m.string[:m.start()]
    ends_name = re.search(r"(?:\b[A-Z][a-z]+|\b(?:and|of|for|&))$", before) and not _HEAD.search(before)
    if research and research[0] == "R" and not m.string[m.start():m.start("research")].strip() and ends_name:
        return f" {research} "          # (not "National Science Foundation Research Grant")
    if not research and m.group("word") in ("Project", "Projects") and not m.string[m.start():m.start("word")].strip() \
            and ends_name:
        return f" {m.group('word')} "   # "Beijing Municipal Science and Technology Project (No. Z2311...)"
    return " "


def _strip_grants(text: str) -> str:
    """The funder name left when grant numbers and the words around them are removed ("NSFC under
    Grant No. 61672519" -> "NSFC"; not "Human Brain Project" -> "Human Brain")."""
    # \x00: where grant ids were; a parenthesis may hold one of its own ("(No. 2019-0-00079, AI Graduate
    # School Program (Velland University))": the programme's host is no funder)
    t = re.sub(r"\s*;\s*(?:" + _ABOUT_THE_GRANT.pattern + ").*$", "", text)      # "X; Grant/Award Number: 390727645"
    t = re.sub(r"\s+under\s+" + _SCHEME_UNDER + r".*$", "", t)                  # "X under the Discovery Grant DP19..."
    t = re.sub(r"\((?:[^()]|\([^()]*\))*\)|\[[^\[\]]*\]",
               lambda m: " \x00 " if re.search(r"\d{3}", m.group(0)) else m.group(0), t)
    t = _GRANT.sub(lambda m: " \x00 " if _is_grant(m.group(1)) else m.group(0), t)
    t = re.sub(r"\x00\s+to\s+(?:the\s+)?[A-Z].*$", "\x00", t)       # the grantee: "grant 13/CE2/I303 to Lero"
    t = _GRANT_KIND.sub(" \x00 ", t)
    t = re.sub(r"\x00\s*\([^()]*\)", "\x00", t)       # the grant's project: "ANR-19-P3IA-0001 (PRAIRIE Institute)"
    # what follows "through grant ..." is about the grant: "... Foundation through grant 2013-10 to the University of X"
    t = re.sub(r"\s+(?:through|under|via)\s+(?:the\s+|a\s+)?" + _GRANT_WORDS + r"(?:\s+\x00)?\s+(?:to|for)\b.*$", "",
               t, flags=re.I)
    t = re.sub(r"\s+(?i:projects?)\s+\x00\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*)+.*$", " ", t)  # "... project 200021_219943
    # Neuromorphic Attention Models (NAMED)": the project's title
    t = _GRANT_PHRASE.sub(_without_grant, " " + t)
    t = t.replace("\x00", " ")
    t = re.sub(r"(?:\s*,|\s+(?:and|&))+\s*$", "", t.strip())
    t = re.sub(r"\s+(?:under|through|via|with)\s+(?:the\s+|a\s+)?(?:\w+\s+)?" + _GRANT_WORDS +
               r"(?:\s+" + _NUMBER_WORD + r")?\s*$", "", t, flags=re.I)       # "under Grant", "via the research award"
    t = re.sub(r"\s+and\s+(?:was|were|is)\b.*$", "", t, flags=re.I)   # "... Laboratory and was accomplished under ..."
    t = re.sub(r"\s+grants?\s*$", "", t, flags=re.I)                   # "a Velland Institute grant"
    t = re.sub(r"\s+(?:through|via)\s+(?:a|an|its)\s.*$|\s+under\s+its\s.*$|\s+as\s+part\s+of\s.*$", "", t)
    # ("... Trust through a Senior Fellowship", "National Research Foundation, Singapore under its AI Programme",
    # "... Agency as part of the Investments program")
    t = re.sub(r"(?:^|\s+)to\s+(?:[A-Z]\.?\s?){1,4}$", "", t.strip())       # a grant to an author: "... to RAB"
    t = _SCHEME_PART.sub("", t)
    t = re.sub(r"\(\s*\)", "", t)                       # where a grant id was the parenthesis
    return re.sub(r"\s+", " ", t).strip(" ,;:.(-\u2013")


# A grant's or a plan's parts by number: "Project 2", "Mission 4 Component 2 Investment 1.3 - Call for X"
_SCHEME_PART = re.compile(r"^(?:(?i:mission|component|investment|measure|action|axis|line|pillar|spoke|priority|"
                          r"work\s+package|wp|project|core|aim|task|subproject)\s+(?=[\w.]*\d|[IVX]+\b|[A-Z]\b)[\w.]{1,5}\s*)+"
                          r"(?:[-\u2013]\s.*)?$")


# A scheme of the funder before it: "under the Discovery Grant", "under the CAREER Award 1942981", "under
# the Young Investigator Research Grant VF-2021-123"
_PROGRAMME_ACRONYMS = r"(?:MURI|MSCA|CAREER|SBIR|STTR|KAKENHI)\b"     # programmes, not agencies
_SCHEME_UNDER = (r"(?:the\s+)?(?!(?!" + _PROGRAMME_ACRONYMS + r")[A-Z]{2,}\b)"     # (not "under the ERC
                 r"(?:(?!(?i:" + _BODY_WORDS + r")\b)[A-Z][\w-]*\s+){1,4}(?i:grants?|awards?|fellowships?)\b")  # Advanced Grant")


# "the ERC under the European Union's Horizon 2020 programme": a second funder, the programme's
# (not "NSFC under the Grant No. 123")
_UNDER_PROGRAMME = (r"\s+under\s+(?=the\s+(?!(?i:grants?|contracts?|awards?|projects?|agreements?)\b)[A-Z])"
                    r"(?!" + _SCHEME_UNDER + r")"       # (a scheme: "under the Discovery Grant")
                    r"|\s+under\s+(?:the\s+)?management\s+of\s+"    # ("the government under management of the ANR")
                    r"|\s+under\s+(?=[A-Z]{2,}\s+(?:prime\s+)?(?:contracts?|grants?|awards?|agreements?)\b)"
                    r"(?!" + _PROGRAMME_ACRONYMS + ")")
# ("DARPA under ARO prime contract W911NF-...": the agency managing the contract; not a programme's
# acronym: "under FP7 grant agreement", "under MURI grant")


# A semicolon before a capital ends a funder in a list ("Funding: A; B; C"), unless what follows is about
# its grant ("X; Grant/Award Number: 390727645", "Ministry of Education; under its Research Fund Tier 2")
_ABOUT_THE_GRANT = re.compile(r"(?i:" + _GRANT_WORDS + r"|" + _NUMBER_WORD + r"|under|through|via|its)\b|\d")


def _split(funders: str) -> list[str]:
    """Split "A (1), B and the C (2)" at commas and "and" that close a funder."""
    parts: list[str] = []
    depth, start = 0, 0
    for m in re.finditer(r"[()\[\]]|,\s*(?:and\s+)?|;\s*(?:and\s+)?|\s+and\s+|\s+as well as\s+|" + _UNDER_PROGRAMME,
                         funders):
        tok = m.group(0)
        if tok in "([":
            depth += 1
            continue
        if tok in ")]":
            depth = max(0, depth - 1)
            continue
        left, right = funders[start:m.start()], funders[m.end():]
        about_grant = tok.startswith(";") and _ABOUT_THE_GRANT.match(right)
        next_item = tok.startswith(";") and right[:1].isupper()
        under = tok.lstrip().startswith("under")     # (_UNDER_PROGRAMME: a second funder follows)
        if re.fullmatch(r",\s*", tok) and _address_ahead(right):
            continue                    # "Kestrel Robotics, Oslo, Norway": the address goes with the name
        if depth == 0 and not about_grant and (next_item or under or _boundary(left, right)):
            parts.append(left)
            start = m.end()
    parts.append(funders[start:])
    return [p.strip() for p in parts if p.strip()]


def _acronym_spans(left: str, right: str) -> bool:
    """The acronym after the next words spells both sides: "Ministry of University and Research (MUR)"."""
    m = re.match(r"((?:[A-Z][\w-]*\s+)*?[A-Z][\w-]*)\s*\(([A-Z]{2,8})\)", right)
    if not m:
        return False
    initials = "".join(w[0] for w in re.findall(r"\b[A-Z][\w-]*", f"{left} {m.group(1)}"))
    return initials.endswith(m.group(2)) and len(m.group(2)) > len(re.findall(r"\b[A-Z][\w-]*", m.group(1)))


# Words that open a funder's name: a people's adjective before a national body ("Spanish MINECO", "German
# Research Foundation") and the first word of a body's name in other languages ("Generalitat de Catalunya")
_OPENS_FUNDER = re.compile(r"(?:[A-Z][a-z]+(?:an|ish|ese|ch|ss|ic)\s+(?:[A-Z]{2,}|Research|National|Federal|Ministry|"
                           r"Science|Government)\b|(?:Fundaci[oó]n|Funda[cç][aã]o|Fondation|Fondazione|Stiftung|"
                           r"Generalitat|Ministerio|Minist[eè]re|Ministero|Bundesministerium|Consejo|Conselho|Agence|"
                           r"Agencia|Agenzia|Instituto|Deutsche|R[ée]gion|Regione|Comunidad)\b)")


def _boundary(left: str, right: str) -> bool:
    if re.match(r"(?:was|were|is|are|has|have)\b", right) or _acronym_spans(left, right):
        return False                    # "the Velland Laboratory and was accomplished under ...": no funder follows
    if _OPENS_FUNDER.match(right):
        return True
    if "," in left and (COUNTRY.fullmatch(place := left.rsplit(",", 1)[1].strip()) or place in US_STATES) \
            and not re.match(r"(?:under|through|via|with)\b", right):
        return True                     # "the Velland Trust, UK, and ...", "X, Santa Clara, CA and Y": an address ends
        # the funder (not "..., Singapore, under its Funding Initiative")
    words = left.split()
    last = words[-1] if words else ""
    return bool(_is_grant(last.strip("#.,)")) or _HEAD.search(left) or re.search(r"\bgrant\s*$", left, re.I)
                or len(words) >= 2 and _ORG_WORD.fullmatch(words[-2]) and re.fullmatch(r"[A-Z]{2,}", last)  # "Association CAS"
                or (re.fullmatch(r"\s*(?:the\s+)?[A-Z][A-Z0-9&-]+\s*", left)   # an acronym alone: "CAPES, FAPESP",
                    and not re.match(COUNTRY.pattern + r"\s*(?:$|[,;(]|and\b|under\b)", right, re.I))   # not "EPSRC, UK"
                or (re.match(r"[A-Z][A-Z0-9&-]{2,}\s*(?:,|$)", right)          # or before one: "Inverted AI, MITACS,"
                    and not re.match(r"(?:" + COUNTRY.pattern + r"|LLC|INC|LTD|PLC|GMBH|CORP)\s*(?:,|$)", right))
                or re.match(r"(?:the|by|in part|partially|also|from|(?:gifts?|grants?|funds?|support)\s+from)\b",
                            right, re.I))


# A funder's scheme named after it: "(ARC) Discovery Project", "VRC Future Fellowship"
_SCHEME = r"(?:\s+[A-Z][\w-]*){0,4}\s+(?i:fellowships?|projects?|program(?:me)?s?|schemes?|awards?|grants?|funds)"


def _clean_name(text: str) -> str:
    t = re.sub(r"^(?:the\s+following\s*:\s*)?(?:(?:as well as|and|also)\s+)?(?:(?:funding|support|funds|financial support)\s+(?:from|by)\s+)?"
               r"(?:(?:in part|partly|partially|also|jointly|both)\s+)?(?:(?:by|from|via|through|under|for)\b)?"
               r"\s*(?:(?:an?\s+)?(?:\w+\s+){0,2}?(?:(?:gift|grant(?:-in-aid)?|award|donation)s?\s+(?:from|by)|contracts?\s+with)\s+)?"
               r"(?:the\s+|an?\s+)?"
               r"(?:(?-i:grants?|projects?|contracts?|awards?)\s+(?:(?=\S*\d|[A-Z]{2,}\b)\S+\s+){0,3}?of\s+(?:the\s+)?)?"
               r"(?:(?:an?\s+)?(?:(?:collaborative|joint)\s+)?(?:effort|partnership|collaboration)\s+(?:of|between)\s+"
               r"(?:the\s+)?)?",
               "", text.strip(), flags=re.I)     # ("gifts from Open Philanthropy", "a research grant from the ...",
    # "the grant VPR of the Velland Ministry", "a collaborative effort of the Velland Office of Science")
    t = re.sub(r"\s+to\s+(?-i:[a-z]).*$", "", t)      # what the money is for: "... Foundation to support the data"
    t = re.sub(r"\s+in\s+(?:19|20)\d\d$", "", t)      # the year of the grant: "... Bureau in 2022"
    # the funder, not its scheme: "... Council (ARC) Discovery Project", "Wellcome Trust Senior Investigator
    # Award", "NSFC Projects", "ARC Funds"
    t = re.sub(r"(\([A-Z][A-Za-z&-]+\)|\b(?i:council|foundation|trust|agency|ministry|academy|society|commission|"
               r"administration)|^(?:the\s+)?(?-i:[A-Z][A-Z0-9&]+))" + _SCHEME + r"\s*$", r"\1", t)
    # a fellowship for students named after its funder: "Kestrel PhD Fellowship", "... Research Student Fellowship"
    scheme = re.sub(r"(?<=\w)(?:\s+(?i:ph\.?\s?d\.?|student|graduate|doctoral|postdoctoral))+"
                    r"\s+(?i:fellowships?|scholarships?)$", "", t)
    t = t if re.fullmatch(r"(?i:marie\s+(?:sk\w+[-\s])?curie)", scheme) else scheme    # (a programme, not a person)
    t = re.sub(r"\s+via\s+(?:the\s+|its\s+)?(?:collaborative|cent(?:er|re)|project|program(?:me)?|cluster|excellence|sfb|"
               r"grant)\b.*$", "", t, flags=re.I)   # the scheme, not a funder: "DFG via the Collaborative Research Center"
    return t.strip(" ,;:.")


# What kind of body an unregistered funder is, from its name. A funder that no registry knows is
# mostly a public programme ("Shenzhen Research Program", "NSFGD"); a company says so with its legal
# form ("... Technology Co., Ltd"). (An affiliation's bare name is read the other way: in a byline it
# is nearly always a company.)
_COMPANY_FORM = re.compile(LEGAL_FORM + r"|\bcompany\b")       # (applied to a normalised name)
# A name that opens with a brand written in camel case ("AuthenMetric R&D Funds", "DeepVelland Research
# Gift"; not "MacArthur", "McKnight")
_CAMEL_BRAND = re.compile(r"^(?!Ma?c[A-Z])(?![A-Za-z]*(?:[A-Z]{2}\b|Stiftung|Forsk|Fond))[A-Za-z]*[a-z][A-Z]")
_PRIVATE = re.compile(r"\b(?:association|society|endowment|trust|charit\w*|philanthrop\w*)\b", re.I)
# A state's science foundation ("National Science Foundation", "Natural Science Foundation of Jiangsu",
# "German Research Foundation", "Science Foundation Ireland"), not one named after a person or a
# national charity ("National Kidney Foundation").
PUBLIC_FOUNDATION = re.compile(r"^(?=.*\b(?:science|sciences|research)\b)"
                               r".*\b(?:national|natural|state|federal|provincial)\b.*\bfoundation\b"
                               r"|^(?=.*\b(?:science|sciences|research|technology|natural)\b).*\b(?:provincial|municipal)\b.*\bfoundation\b"
                               r"|\bfoundation\s+of\b.*\b(?:province|municipality)\b"
                               r"|\b(?-i:[A-Z][a-z]+(?:an|ese|ish|ch|ss))\s+(?:research|science)\s+foundation\b"
                               r"|\b(?:research|science)\s+foundation\s+(?:of\s+)?(?-i:[A-Z])", re.I)


# A funding agency named for what it does with research money ("Institute of Information & Communications
# Technology Planning & Evaluation", "Institute for Advancement of Technology", "IT Industry Promotion
# Agency"): a public body, though its name says institute (not an association "for the Advancement of").
_AGENCY = re.compile(r"\b(?:planning|evaluation\s+institute|promotion\s+(?:agency|institute|center|centre)"
                     r"|(?:institute|agency)\s+(?:for|of)\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:advancement|promotion))\b", re.I)


def is_funding_agency(name: str) -> bool:
    """The name says the body plans, evaluates, promotes or advances research: a public agency."""
    return bool(_AGENCY.search(name)) and not _PRIVATE.search(name) and not _COMPANY_FORM.search(normalize(name)) \
        and not re.search(r"\bfoundation\b", name, re.I)


def funder_sector(name: str) -> str:
    """The sector of a funder the registry does not know: "company" for a legal form or a camel-case
    brand, "government" for an agency (`is_funding_agency`), "nonprofit" for associations, trusts and
    private foundations ("Gordon and Betty Moore Foundation"; not "Natural Science Foundation of
    Jiangsu"), else "government" (programmes, funds, councils, acronyms)."""
    if _COMPANY_FORM.search(normalize(name)) or (_CAMEL_BRAND.match(name) and not re.search(r"\bfoundation\b", name, re.I)
                                                 and not _PRIVATE.search(name)):
        return "company"
    if is_funding_agency(name):
        return "government"
    if re.search(r"\bfoundation\b", name, re.I):
        return "government" if PUBLIC_FOUNDATION.search(name) else "nonprofit"
    return "nonprofit" if _PRIVATE.search(name) else "government"


def normalise_name(raw: str) -> str:
    """A comparable form: no leading article, no trailing acronym in parentheses, a spaced dash as a hyphen."""
    t = re.sub(r"\s*\(([A-Z][\w&\-]*)\)\s*$", "", raw)
    t = re.sub(r"\s+[\u2010-\u2015]\s+", " - ", t)      # one dash: "European Union \u2013 NextGenerationEU"
    return re.sub(r"\s+", " ", re.sub(r"^the\s+", "", t, flags=re.I)).strip()


# A person thanked: a title or initials before a name ("Dr. John Smith", "H. Li"; not "Google", "Microsoft Research")
_PERSON = re.compile(r"^(?:(?:Dr|Prof|Mr|Ms|Mrs)\.?\s+(?:[A-Z]\.\s?)*|(?:[A-Z]\.\s?)+)(?:[A-Z][a-z'’-]+\s+){0,2}"
                     r"[A-Z][a-z'’-]+$")
_ORG_WORD = re.compile(r"\b(?:" + _BODY_WORDS + r"|association|college|project|philanthropy|group|lab|cent(?:er|re))\b",
                       re.I)
# The person a "was supported by" is about, at the end of what precedes it: "B.B.", "K. Lee", "A.H.W."
_PERSON_AT_END = re.compile(r"(?:^|[\s.\u201d\"])(?:(?:[A-Z]\.\s?){1,4}|(?:[A-Z]\.\s?)+[A-Z][a-z'’-]+|(?:[A-Z][a-z]+|[A-Z]{1,3})\s+[A-Z][a-z'’-]+)\s*$")


def _address_ahead(text: str) -> bool:
    """The text opens with an address: places, then a country or a US state ("Oslo, Norway, and the
    X", "Boston, MA, USA")."""
    parts = re.split(r",\s*", re.split(r"\s+(?:and|under|through|via)\s+|[;(]", text, maxsplit=1)[0].strip(" ,."))
    for end in range(1, len(parts) + 1):
        if _country_of(parts[:end]) is not None:
            return True
        if not _is_place(parts[end - 1]):
            return False
    return False


def _country_of(address: list[str]) -> str | None:
    """The country an address ends with ("" for a US state), when all before it are places; else None."""
    *places, last = address
    if not all(map(_is_place, places)):
        return None
    return last if COUNTRY.fullmatch(last) else "" if places and last in US_STATES else None


def _is_place(part: str) -> bool:
    """A place of an address: one to three capitalised words, no acronym nor organisation ("Velland
    City", "Basel"; a US state's code, "MA")."""
    return part in US_STATES or bool(re.fullmatch(r"[A-Z][^\W\dA-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}", part)) \
        and not _ORG_WORD.search(part)


def _address(name: str) -> tuple[str, str | None]:
    """A funder's name and the country of the address printed after it: ("Aldren Therapeutics AG",
    "Switzerland") from "Aldren Therapeutics AG, Norlund, Switzerland"; ("", "UK") for a country
    alone; ("Kestrel Robotics Inc.", "") for "Kestrel Robotics Inc., Boston, MA"; `name` and None
    when it ends in no address."""
    parts = name.split(", ")
    if len(parts) == 1:
        return ("", name) if COUNTRY.fullmatch(name) else (name, None)
    for i in range(1, len(parts)):
        if (country := _country_of(parts[i:])) is not None:
            return ", ".join(parts[:i]).rstrip(" ,."), country
    return name, None


def _gifts(part: str) -> list[str]:
    """Gifts name their givers in a plain list: "gifts from Qualcomm, Adobe, and Kuaishou Technology"."""
    m = re.match(r"^(?:\w+\s+){0,2}?gifts\s+from\s+", part, re.I)
    return [f"a gift from {g}" for g in re.split(r",\s*(?:and\s+)?|\s+and\s+", part[m.end():]) if g.strip()] if m \
        else [part]


def _funded_by(part: str) -> list[str]:
    """A grant funded by its own funder ("IITP grant funded by the Korea government (MSIT)") names
    both; a person supported by one ("MM Lee was supported by an MRC fellowship") names the funder."""
    pieces, last = [], 0
    for m in _FUNDED_BY.finditer(part):
        left = part[last:m.start()]
        if not m.group("person") or re.search(r"\b(?:which|that)\s*$", left):
            pieces.append(re.sub(r",?\s*\b(?:which|that)\s*$", "", left))
        elif rest := _PERSON_AT_END.sub("", left).strip(" ,;.\u201d\"'"):
            pieces.append(rest)         # what came before the person: "... (DFG) via SFB1491. R.K." -> "... (DFG) ..."
        last = m.end()
    return [*pieces, part[last:]]


# A government and, in parentheses, the ministry through which it funds: "the Korea government (MSIT)"
_GOVERNMENT_BODY = re.compile(r"(?P<country>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?i:government)\s*\((?P<body>[^()]+)\)")
# A sentence of names only: capitalised words, and the small words inside names
_NAMES_ONLY = re.compile(r"(?:[A-Z][\w&.'’-]*|of|the|for|and|in|on|&|[,()\s-])+\.?")
# Numbered items of a list: "(1) the X; (2) the Y", "(i) ..., (ii) ...", "1) ..."
_ENUMERATION = re.compile(r"(^|[:;,]\s*|\band\s+)\((?:\d{1,2}|[ivx]{1,4}|[a-h])\)\s+")
_BARE_ENUMERATION = re.compile(r"(^|[:;,]\s*|\band\s+)(?:\d{1,2}|[ivx]{1,4}|[a-h])\)\s+")


def _without_enumeration(listing: str) -> str:
    """A list's item marks: "(1) the X; (2) the Y", "(ii) ..."; a bare "1) ... 2) ..." only when the
    items count from 1 (not "(Grant Numbers 19H01115, 21) and ...")."""
    if re.match(r"\s*(?:1|i|a)\)\s", listing) and re.search(r"[:;,]\s*(?:and\s+)?(?:2|ii|b)\)\s", listing):
        listing = _BARE_ENUMERATION.sub(r"\1", listing)
    return _ENUMERATION.sub(r"\1", listing)


_NEW_CLAUSE = re.compile(r"(?:we|i|the\s+authors?)\s+(?!and\b)[a-z]+", re.I)


def _programme_of(name: str, funder: FunderMention) -> bool:
    """A programme printed with its funder's name or acronym ("NSF CAREER", "the NSF NAIAD program",
    "IARPA R&D" and "IARPA Future Fellowship" with "... Activity (IARPA)"; not "NSF TRAILS Institute")."""
    acronyms = [funder.raw, *re.findall(r"\(([A-Z][A-Za-z&-]+)\)", funder.raw)]
    return any(re.fullmatch(re.escape(a) + r"(?:(?:\s+[A-Z][A-Z0-9&-]+)+(?:\s+(?i:program(?:me)?|award))?"
                            r"|" + _SCHEME + ")",
                            name) for a in acronyms)


def _merge_programmes(funders: list[FunderMention]) -> list[FunderMention]:
    """A funder's programmes, printed before or after it, are more grants of that funder, and so is its
    acronym printed before its name ("VRC ..." then "Velland Research Council (VRC)")."""
    owners = {id(f): next((o for o in funders if o is not f and (_programme_of(f.raw, o) or f"({f.raw})" in o.raw)),
                          None) for f in funders}
    places = {id(o): f.place for f in funders if (o := owners[id(f)]) is not None and f.place and not o.place}
    kept = []
    for f in funders:
        if (owner := owners[id(f)]) is not None:
            owner.grant_ids.extend(g for g in f.grant_ids if g not in owner.grant_ids)
        else:       # (a country printed after a programme is its funder's: "ARC Future Fellowship, Australia")
            kept.append(replace(f, place=places[id(f)]) if id(f) in places else f)
    return kept


# A programme a funder's money goes through ("the AFD, through the KITE program"): that funder's
_THROUGH_PROGRAMME = re.compile(r"(?:through|via)\s+(?:the\s+|its\s+|an?\s+)?(?:[\w&'’-]+\s+){0,5}?"
                                r"(?:program(?:me)?|scheme|initiative|call|fellowship)s?\s*$", re.I)


def _provider(who: str | None) -> bool:
    """What "provided support" is said of is an organisation (not "the results", "A. Lee"); True
    when the sentence says no such thing."""
    return who is None or bool(_ORG_WORD.search(who) or _COMPANY_FORM.search(normalize(who)))


def extract_funders(text: str, page: int) -> list[FunderMention]:
    """Funders named in an acknowledgments/funding `text` found on `page`."""
    text = re.sub(r"(\w)-\s+([a-z])", r"\1\2", re.sub(r"\s+", " ", text))
    out: list[FunderMention] = []
    listed = False                          # (the sentence before stated funding)
    for sentence in _SENTENCE.split(text):
        if m := _TRIGGER.search(sentence) or _FUNDING_LIST.match(sentence):
            if _IN_KIND.search(m.group(0)):
                listed = False
                continue                    # "technical support and computational resources provided by ..."
            listing = _without_enumeration(sentence[m.end():].rstrip(". "))
        elif (m := _THANKS_FOR.search(sentence)) and not _IN_KIND.search(re.split(r",|\band\b", sentence[m.end():])[0]) \
                and _provider(m.group("who3")):
            listing = _THANKED_BEFORE.sub("", m.group("who") or m.group("who2") or m.group("who3"))
        elif listed and (m := _NAMES_ONLY.fullmatch(sentence)) and len(names := _split(sentence.rstrip(". "))) >= 2 \
                and all(_ORG_WORD.search(p) for p in names):
            listing = sentence.rstrip(". ")   # the list goes on without a verb: "... (No. 2022). X Association, and Y Fund."
        else:
            listed = False
            continue
        listed = True
        parts = [item for part in _split(listing) for gift in _gifts(part) for piece in _funded_by(gift)
                 for item in _split(piece)]
        for part in parts:
            if _NEW_CLAUSE.match(part):
                break                       # "..., We thank the X and the Y": thanks, not the list of funders
            if re.match(r"(?:operated|managed|administered|hosted)\s+by\b|(?:the\s+)?project\s|"
                        r"(?:them|him|her|us|me|my|our|their|his|its|you)\b", part):
                continue                    # "the Velland National Laboratory, operated by X LLC, for the ...", "project
                # 4DEEG: a new tool for ..." (a project's title), "all the support from them" (a thesis's people)
            if m.re is _THANKS_FOR and _PERSON.match(_clean_name(part)) and not _ORG_WORD.search(part):
                continue                    # a person thanked ("We thank H. Li for the financial support")
            name, grants = _clean_name(_strip_grants(part)), grant_ids(part)
            if _THROUGH_PROGRAMME.match(part):
                name = ""
            name, place = _address(name)
            acronym = None
            if m_gov := _GOVERNMENT_BODY.fullmatch(name):     # its ministry by name; by acronym, the government
                body = re.sub(r",\s*([A-Z][A-Za-z&]+)$", r" (\1)", m_gov.group("body"))
                country = m_gov.group("country") if COUNTRY.fullmatch(m_gov.group("country")) else None
                if re.fullmatch(r"[A-Z][A-Za-z&]+", body):
                    acronym, place = body, country
                else:
                    name, place = body, country
            if not name and place is not None:
                if place and out and out[-1].place is None:
                    out[-1] = replace(out[-1], place=place)     # "the Wellcome Trust, UK": the one before's country
                continue
            if _IN_KIND.search(part):
                continue                    # (in kind)
            # the same funder again, shorter or by its acronym ("Federal Ministry for Education" after "German
            # Federal Ministry for Education", "IARPA" after "... Activity (IARPA)")
            known = [f for f in out if name and (f.name.lower().endswith(normalise_name(name).lower())
                                                 or f"({name})" in f.raw or acronym and f"({acronym})" in f.raw)] or (
                out[-1:] if not name else [])
            if known or not re.search(r"[A-Z]", name):   # more grants of a funder already named
                if known:
                    known[-1].grant_ids.extend(g for g in grants if g not in known[-1].grant_ids)
                continue
            out.append(FunderMention(raw=name, name=acronym or normalise_name(name), grant_ids=grants, page=page,
                                     quote=part.strip(), gift=bool(re.search(r"\bgifts?\b", part, re.I)),
                                     place=place or None))
    return _merge_programmes(out)

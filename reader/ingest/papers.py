"""The paper directory: which newspaper a masthead belongs to, from names, Latin names, serials and more."""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import opencc

from reader.paths import resource

log = logging.getLogger(__name__)

BUNDLED_PAPERS = resource("papers.json")
USER_FILE_NAME = "papers.json"  # optional file in the library folder, merged over the bundled one

_SERIAL = re.compile(r"C[ \t]?N[ \t:：]{0,3}(\d{2})[ \t]{0,2}[-—–－‐−一_~][ \t]{0,2}(\d{4})")
# Starts only where a run of host characters starts, so a long run is scanned once (linear time).
_DOMAIN = re.compile(r"(?<![a-z0-9-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+")
_HSPACE = re.compile(r"[ \t\u3000]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NAME_LINE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{1,11}[报報]")

# Lines ending in 报 that are bulletins, reports or verbs rather than paper names (要闻简报, 喜报).
_NOT_PAPER_ENDINGS = (
    "简报", "喜报", "捷报", "公报", "海报", "预报", "通报", "汇报", "举报", "电报", "战报", "情报", "警报",
    "回报", "上报", "见报", "填报", "呈报", "播报", "墙报", "板报", "年报", "季报", "机关报",
)  # fmt: skip
# A two-character line is a paper (申報, 晶報) unless it is one of these words or a bare kind of paper.
_NOT_PAPER_WORDS = frozenset(_NOT_PAPER_ENDINGS) | {
    "日报", "晚报", "周报", "晨报", "时报", "快报", "商报", "画报", "小报", "月报", "党报", "报报",
}


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """Traditional to simplified, so 許昌日報 and 许昌日报 compare equal."""
    try:
        return str(_t2s().convert(text))
    except Exception:  # a broken converter must not stop identification
        log.exception("opencc conversion failed")
        return text


def compact(text: str) -> str:
    """Drop spaces OCR inserted inside words, keeping line breaks."""
    return _HSPACE.sub("", text)


def latin_key(text: str) -> str:
    """Upper-case Latin letters and digits only: "Xuchang Daily" -> "XUCHANGDAILY"."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).upper() if c.isascii() and c.isalnum())


def serial_key(text: str) -> str | None:
    """Canonical "CN41-0013" of the first CN serial in text (any dash, spaces, "/(F)" suffix)."""
    m = _SERIAL.search(unicodedata.normalize("NFKC", text).upper())
    return f"CN{m.group(1)}-{m.group(2)}" if m else None


def domain_key(text: str) -> str:
    """Bare lower-case host name: "http://www.21xc.com/" -> "21xc.com"."""
    host = unicodedata.normalize("NFKC", text).strip().lower()
    host = re.sub(r"^[a-z]+://", "", host).split("/")[0]
    return host[4:] if host.startswith("www.") else host


@dataclass
class Paper:
    """One newspaper and the printed cues that identify it."""

    name: str
    aliases: list[str] = field(default_factory=list)
    latin: list[str] = field(default_factory=list)
    serials: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    organs: list[str] = field(default_factory=list)

    def merge(self, other: Paper) -> None:
        """Add the cues of another entry for the same paper."""
        for attr in ("aliases", "latin", "serials", "domains", "organs"):
            mine: list[str] = getattr(self, attr)
            mine.extend(v for v in getattr(other, attr) if v not in mine)

    @classmethod
    def from_json(cls, data: Any) -> Paper:
        if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not data["name"].strip():
            raise ValueError("a paper needs a non-empty string 'name'")
        lists: dict[str, list[str]] = {}
        for attr in ("aliases", "latin", "serials", "domains", "organs"):
            value = data.get(attr, [])
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{data['name']}: '{attr}' must be a list of strings")
            lists[attr] = [v.strip() for v in value if v.strip()]
        return cls(name=data["name"].strip(), **lists)


@dataclass
class _Index:
    """Normalised lookup keys, rebuilt whenever papers are added."""

    names: list[tuple[str, str]]  # (folded compact name or alias, paper name), longest first
    latin: list[tuple[str, str]]
    serials: dict[str, str]
    domains: list[tuple[str, str]]
    organs: list[tuple[str, str]]


class PaperDirectory:
    """The known papers, loaded from JSON data, and the matching of masthead text against them."""

    def __init__(self, papers: Iterable[Paper] = ()) -> None:
        self._papers: dict[str, Paper] = {}
        self._index_cache: _Index | None = None
        for paper in papers:
            self.add(paper)

    # -- loading -------------------------------------------------------------------------------

    @classmethod
    def default(cls) -> PaperDirectory:
        """The bundled directory only."""
        return cls.load([BUNDLED_PAPERS])

    @classmethod
    def load(cls, paths: list[Path]) -> PaperDirectory:
        """Merge the given JSON files in order; missing or broken files are logged and skipped."""
        directory = cls()
        for path in paths:
            for paper in _read_file(Path(path)):
                directory.add(paper)
        return directory

    def add(self, paper: Paper) -> None:
        """Add a paper, merging it into an existing entry of the same (folded) name."""
        key = fold(paper.name)
        if key in self._papers:
            self._papers[key].merge(paper)
        else:
            self._papers[key] = Paper(
                paper.name, list(paper.aliases), list(paper.latin), list(paper.serials),
                list(paper.domains), list(paper.organs),
            )  # fmt: skip
        self._index_cache = None

    @property
    def papers(self) -> list[Paper]:
        return list(self._papers.values())

    def __len__(self) -> int:
        return len(self._papers)

    # -- matching ------------------------------------------------------------------------------

    def identify(self, text: str) -> tuple[str, str] | None:
        """(paper name, cue) of the strongest cue in text: name > latin > serial > domain > organ."""
        found = self.matches(text)
        return found[0] if found else None

    def matches(self, text: str) -> list[tuple[str, str]]:
        """Every (paper name, cue) found in text, strongest cue first; one entry per cue kind at most."""
        if not isinstance(text, str) or not text.strip() or not self._papers:
            return []
        index = self._index()
        lines = [compact(line) for line in fold(text).splitlines()]
        out: list[tuple[str, str]] = []
        hit = self._match_name(lines, index)
        if hit:
            out.append((hit, "name"))
        key = "\n".join(latin_key(line) for line in lines)
        hit = next((paper for k, paper in index.latin if k in key), None)
        if hit:
            out.append((hit, "latin"))
        hit = self._match_serial(text, index)
        if hit:
            out.append((hit, "serial"))
        hit = self._match_domain(text, index)
        if hit:
            out.append((hit, "domain"))
        joined = "\n".join(lines)
        hit = next((paper for k, paper in index.organs if k in joined), None)
        if hit:
            out.append((hit, "organ"))
        return out

    @staticmethod
    def _match_name(lines: list[str], index: _Index) -> str | None:
        """Earliest printed name; short names (晶报) must stand alone or be followed by 社/non-CJK."""
        best: tuple[int, int, str] | None = None
        for n, line in enumerate(lines):
            for key, paper in index.names:
                pos = line.find(key)
                while pos >= 0:
                    after = line[pos + len(key) : pos + len(key) + 1]
                    if len(key) >= 4 or not after or after == "社" or not _CJK.match(after):
                        if best is None or (n, pos) < best[:2]:
                            best = (n, pos, paper)
                        break
                    pos = line.find(key, pos + 1)
        return best[2] if best else None

    @staticmethod
    def _match_serial(text: str, index: _Index) -> str | None:
        normalized = unicodedata.normalize("NFKC", text).upper()
        for m in _SERIAL.finditer(normalized):
            paper = index.serials.get(f"CN{m.group(1)}-{m.group(2)}")
            if paper:
                return paper
        return None

    @staticmethod
    def _match_domain(text: str, index: _Index) -> str | None:
        # OCR spaces around dots ("www. hsrb. com. cn") would hide the host name.
        normalized = re.sub(r"[ \t]*\.[ \t]*", ".", unicodedata.normalize("NFKC", text).lower())
        for m in _DOMAIN.finditer(normalized):
            host = m.group(0).strip(".-")
            for domain, paper in index.domains:
                if host == domain or host.endswith("." + domain):
                    return paper
        return None

    def _index(self) -> _Index:
        if self._index_cache is not None:
            return self._index_cache
        names: list[tuple[str, str]] = []
        latin: list[tuple[str, str]] = []
        domains: list[tuple[str, str]] = []
        organs: list[tuple[str, str]] = []
        serials: dict[str, str] = {}
        for paper in self._papers.values():
            for n in {compact(fold(v)) for v in [paper.name, *paper.aliases]}:
                if len(n) >= 2:
                    names.append((n, paper.name))
            latin += [(k, paper.name) for k in {latin_key(v) for v in paper.latin} if len(k) >= 4]
            for s in paper.serials:
                key = serial_key(s if s.upper().lstrip().startswith("C") else "CN" + s)
                if key:
                    serials.setdefault(key, paper.name)
                else:
                    log.warning("paper %s: unreadable serial %r", paper.name, s)
            domains += [(k, paper.name) for k in {domain_key(v) for v in paper.domains} if "." in k]
            organs += [(k, paper.name) for k in {compact(fold(v)) for v in paper.organs} if len(k) >= 4]

        def by_length(pair: tuple[str, str]) -> int:
            return -len(pair[0])  # longest key first, so a full name beats a shorter alias inside it

        self._index_cache = _Index(
            sorted(names, key=by_length), sorted(latin, key=by_length), serials,
            sorted(domains, key=by_length), sorted(organs, key=by_length),
        )  # fmt: skip
        return self._index_cache


def _read_file(path: Path) -> list[Paper]:
    """Papers of one JSON file; never raises."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        log.debug("no paper directory at %s", path)
        return []
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("cannot read paper directory %s: %s", path, exc)
        return []
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        log.warning("ignoring broken paper directory %s: %s", path, exc)
        return []
    entries = data.get("papers") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        log.warning("ignoring paper directory %s: expected a list of papers", path)
        return []
    papers = []
    for entry in entries:
        try:
            papers.append(Paper.from_json(entry))
        except ValueError as exc:
            log.warning("skipping an entry of %s: %s", path, exc)
    return papers


def guess_name(text: str) -> str | None:
    """A line that is only a Chinese paper name (某某日报, 晶報): 2-12 CJK characters ending in 报/報.

    Meant for masthead blocks; organ lines (…机关报) and bulletins (要闻简报, 喜报) are not names.
    The name is returned as printed, without spaces.
    """
    if not isinstance(text, str):
        return None
    for line in text.splitlines():
        pieces = line.split()
        # A name may be letter-spaced (许 昌 日 报) but words with spaces between them are a sentence.
        if len(pieces) > 1 and any(len(p) > 1 for p in pieces):
            continue
        name = "".join(pieces)
        if not _NAME_LINE.fullmatch(name):
            continue
        simple = fold(name)
        if simple.startswith(("中共", "本报")) or "机关" in simple:
            continue
        # 大公报 is a paper while 统计公报 is not: a bulletin ending needs two characters before it.
        if simple in _NOT_PAPER_WORDS or (len(simple) >= 4 and simple.endswith(_NOT_PAPER_ENDINGS)):
            continue
        return name
    return None

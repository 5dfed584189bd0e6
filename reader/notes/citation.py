"""Citing a newspaper article: GB/T 7714-2015 in Chinese, a plain English form, RIS and BibTeX.

One description of the article (``Cited``) feeds every format; the reading pane, the copy commands and the
notes exports all cite through here. Pure text, no Qt.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from reader.library.records import headline

# A byline's people: "本报讯（记者 王利辉 通讯员 杨延昭）" -> 王利辉, 杨延昭 (roles and agencies dropped).
_ROLES = re.compile(
    r"本报讯|本報訊|本报|本報|新华社|新華社|中新社|特约|特約|见习|見習|实习生|實習生|首席|记者|記者|通讯员|通訊員|"
    r"评论员|評論員|撰稿人|撰稿|作者|编译|編譯|文/图|文/圖|图/文|摄影|攝影|摄|攝|电|電|讯|訊|文|图|圖"
)
_NAME = re.compile(r"[\u4e00-\u9fff·]{2,4}")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z .'-]{1,40}")


@dataclass(frozen=True)
class Cited:
    """What a citation says of an article; any part may be unknown."""

    title: str | None
    paper: str | None
    date: dt.date | str | None
    page: str | None
    byline: str | None = None
    body: str = ""  # for an untitled article: its first words stand in for the title
    article_id: int | None = None

    @property
    def shown_title(self) -> str:
        return headline(self.title, self.body)

    @property
    def day(self) -> str:
        if isinstance(self.date, dt.date):
            return self.date.isoformat()
        return str(self.date).strip() if self.date else ""

    @property
    def page_number(self) -> str:
        label = (self.page or "").strip()
        return label[1:-1] if label.startswith("第") and label.endswith("版") else label


def authors(byline: str | None) -> list[str]:
    """The people a byline names, in order, without their roles ("记者", "通讯员") or the paper's name."""
    if not byline:
        return []
    text = re.sub(r"[（(][^()（）]*?(?:电|電)[)）]", " ", byline)  # a telegram's place and day
    text = _ROLES.sub(" ", text)
    names: list[str] = []
    last = ""
    for piece in re.split(r"[\s、，,;；/（）()◎○]+", text):
        if len(piece) == 1 and _NAME.fullmatch(last + piece) and len(last) == 2 and names and names[-1] == last:
            names[-1] = last + piece  # "杨延 昭": OCR split a three-character name at a line break
        elif (_NAME.fullmatch(piece) or _LATIN_NAME.fullmatch(piece)) and piece not in names:
            names.append(piece)
        last = piece
    return names


def gbt7714(cited: Cited) -> str:
    """GB/T 7714-2015 for a newspaper article, with full-width punctuation for Chinese text:
    "王利辉．长葛市『两网』键通『精准定位拔穷根』[N]．许昌日报，2020-04-08(1)．"."""
    parts = []
    people = authors(cited.byline)
    if people:
        parts.append("，".join(people[:3]) + ("，等" if len(people) > 3 else "") + "．")
    title = cited.shown_title or "（无题）"
    parts.append(f"{title}[N]．")
    tail = cited.paper or ""
    if cited.day:
        tail += f"，{cited.day}" if tail else cited.day
    if cited.page_number:
        tail += f"({cited.page_number})"
    if tail:
        parts.append(tail + "．")
    return "".join(parts)


def plain_english(cited: Cited) -> str:
    """The English interface's citation: 'Wang Lihui. "Title." 许昌日报, 2020-04-08, p. 1.'."""
    people = ", ".join(authors(cited.byline))
    head = f"{people}. " if people else ""
    title = f"\u201c{cited.shown_title or '(untitled)'}.\u201d"
    tail = ", ".join(x for x in (cited.paper, cited.day, f"p. {cited.page_number}" if cited.page_number else "") if x)
    return f"{head}{title} {tail}." if tail else f"{head}{title}"


def citation(cited: Cited, language: str) -> str:
    """The citation in the convention of the interface language ("zh": GB/T 7714-2015)."""
    return gbt7714(cited) if language == "zh" else plain_english(cited)


def _ris_escape(value: str) -> str:
    return " ".join(value.split())


def ris(cited: Cited) -> str:
    """An RIS record of type NEWS (Zotero, EndNote, Mendeley read it)."""
    lines = ["TY  - NEWS"]
    lines += [f"AU  - {_ris_escape(name)}" for name in authors(cited.byline)]
    lines.append(f"TI  - {_ris_escape(cited.shown_title or '')}")
    if cited.paper:
        lines.append(f"T2  - {_ris_escape(cited.paper)}")
    if cited.day:
        lines.append(f"DA  - {cited.day.replace('-', '/')}")
        lines.append(f"PY  - {cited.day[:4]}")
    if cited.page_number:
        lines.append(f"SP  - {_ris_escape(cited.page_number)}")
    lines.append("LA  - zh")
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


_BIB_ESCAPES = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
                **{c: "\\" + c for c in "{}#$%&_"}}


def _bib(value: str) -> str:
    """A BibTeX field value with TeX's special characters escaped (so braces always balance)."""
    return "".join(_BIB_ESCAPES.get(c, c) for c in " ".join(value.split()))


def bibtex(cited: Cited) -> str:
    """A biblatex entry (@article, entrysubtype newspaper)."""
    people = authors(cited.byline)
    key = "news" + (cited.day.replace("-", "") if cited.day else "") + (
        f"-{cited.article_id}" if cited.article_id is not None else "")
    fields = [("author", " and ".join(people))] if people else []
    fields += [("title", cited.shown_title or ""), ("journaltitle", cited.paper or ""), ("entrysubtype", "newspaper")]
    if cited.day:
        fields.append(("date", cited.day))
    if cited.page_number:
        fields.append(("pages", cited.page_number))
    fields.append(("langid", "chinese"))
    body = ",\n".join(f"  {name} = {{{_bib(value)}}}" for name, value in fields if value)
    return f"@article{{{key},\n{body}\n}}\n"

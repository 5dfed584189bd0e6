"""Recognisers for the furniture of a Chinese newspaper page: bylines, jump lines, captions, footers, adverts.

Patterns cover simplified and traditional forms and the ASCII/full-width punctuation OCR mixes freely.
Word lists that a user may want to extend (section labels, advert words) live in ``resources/layout.json``.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reader.paths import resource

log = logging.getLogger(__name__)


_OPEN = r"[(（〔\[【]"
_CLOSE = r"[)）〕\]】]"
_NUM = r"[0-9０-９一二三四五六七八九十〇零两壹贰貳叁參肆伍陆陸柒捌玖拾]"
_LABEL = rf"[A-Za-zＡ-Ｚ]?\s*{_NUM}{{1,4}}"

# "(下转第二版)", "(上接第一版)", "（下轉A2版）", "(转第3版)", "(紧接第1版)".
JUMP_RE = re.compile(
    rf"{_OPEN}\s*(?P<dir>下转|下轉|上接|接上|紧接|緊接|转|轉|接)\s*(?:第|至|自|到)?\s*(?P<label>{_LABEL})\s*"
    rf"(?:版|面|页|頁)\s*(?:[A-Za-z0-9一-鿿]{{0,6}})?{_CLOSE}"
)

# Datelines that open the first paragraph: 本报讯(记者 王利辉), 新华社北京12月2日电, （長沙廿三日電）.
_AGENCY = r"(?:新华社|新華社|中新社|中新网|人民日报|人民網|人民网|央视网|央视新闻|据新华社|路透社|美联社|法新社|中央社)"
DATELINE_RE = re.compile(
    rf"^\s*(?:"
    rf"(?:本报|本報|本刊)(?:讯|訊|电|電)\s*(?:{_OPEN}[^()（）\n]{{0,40}}{_CLOSE})?"  # 本报讯(记者 X)
    rf"|{_AGENCY}[^\s，,。]{{0,16}}?(?:电|電)(?:\s*{_OPEN}[^()（）\n]{{0,30}}{_CLOSE})?"  # 新华社北京12月2日电
    rf"|{_OPEN}[^()（）\n]{{1,16}}(?:电|電){_CLOSE}"  # （長沙廿三日電）
    rf"|(?:本报|本報)(?:{_OPEN}[^()（）\n]{{0,20}}{_CLOSE})?(?:记者|記者)[^\n，,。]{{0,30}}?(?:报道|報道)"
    rf")"
)

_ROLE = (
    r"(?:本报|本報|特约|特約|见习|見習|实习|實習|首席|驻[^\s]{1,4})?"
    r"(?:记者|記者|通讯员|通訊員|评论员|評論員|实习生|實習生|撰稿人|撰稿|作者|编译|編譯)"
)
_NAME = r"[一-鿿·]{2,4}"
# A byline line on its own: "本报记者 胡晨 通讯员 郭高尚", "文/图 张三", "记者 李四 王五".
BYLINE_LINE_RE = re.compile(
    rf"^\s*(?:(?:{_ROLE}\s*[/／:：]?|(?:文\s*/\s*图|文/圖|文|图|圖|摄影|攝影)\s*[/／:：])\s*"
    rf"{_NAME}(?:[\s、，,]+{_NAME}){{0,3}}[\s、，,]*)+$"
)
BARE_NAME_RE = re.compile(rf"^\s*{_NAME}(?:\s+{_NAME}){{0,2}}\s*$")

# Photo credits: "本报记者 乔利峰 摄", "陈康 摄", "新华社记者 李贺 摄", "(张三 摄)".
CREDIT_RE = re.compile(
    rf"{_OPEN}?\s*(?:{_ROLE}\s*)?(?:{_NAME}\s*[、，,]?\s*){{1,3}}(?:摄影|攝影|摄|攝)\s*{_CLOSE}?\s*$"
)
CAPTION_START_RE = re.compile(r"^\s*(?:图为|圖為|图片|上图|下图|左图|右图|图[:：]|圖[:：]|图①|图\d)")

FOOTER_WORDS_RE = re.compile(
    r"值班编审|值班編審|责任编辑|責任編輯|责编|責編|编辑|編輯|校对|校對|美编|美編|组版|組版|版式|排版|监制|監製"
    r"|审读|審讀|值班主任|终审|終審|二审|一审"
)
CONTACT_RE = re.compile(
    r"新闻热线|新聞熱線|热线|熱線|E-?mail|邮箱|郵箱|投稿|广告部|廣告部|发行部|發行部|社址|邮编|郵編|电话[:：]|電話[:：]"
    r"|定价|定價|零售价|印刷",
    re.IGNORECASE,
)
PHONE_RE = re.compile(r"(?<!\d)(?:\d{3,4}-\d{7,8}|1[3-9]\d{9}|400-?\d{3}-?\d{4}|\d{7,8})(?!\d)")

KICKER_END_RE = re.compile(
    r"(?:强调|強調|指出|要求|表示|提出|寄语|寄語|致辞|致詞|时说|時說|上说|上說|批示|指示|讲话|講話)\s*$|[:：]\s*$"
)
# A line that packs kicker and title decks together: "X在Y时强调 扛稳政治责任 提升帮扶实效".
KICKER_SPLIT_RE = re.compile(r"^(?P<kicker>.{6,}?(?:强调|強調|指出|要求|表示|提出))\s+(?P<title>\S.{3,})$")
SUBTITLE_START_RE = re.compile(r"^\s*(?:——|—|--|一一|－－|─|-)\s*\S")
DECK_SPLIT_RE = re.compile(r"[ \t\u3000]+")

SENTENCE_END = "。！？!?…”’」』）)》"
CLAUSE_END = "，,、；;：:（(《“‘「『"


@dataclass(frozen=True)
class Layout:
    """User-extendable word lists for section labels and adverts (``resources/layout.json``)."""

    section_labels: frozenset[str] = field(default_factory=frozenset)
    section_suffixes: tuple[str, ...] = ()
    advert_words: tuple[str, ...] = ()

    def is_section_label(self, text: str) -> bool:
        t = text.strip()
        if t in self.section_labels:
            return True
        return len(t) <= 14 and any(t.endswith(s) for s in self.section_suffixes)

    def advert_score(self, text: str) -> int:
        """How many advert cues the text carries (phone numbers count once)."""
        score = sum(1 for w in self.advert_words if w in text)
        if PHONE_RE.search(text):
            score += 1
        return score


@lru_cache(maxsize=8)
def load_layout(path: Path | None = None) -> Layout:
    """Load the layout word lists; a broken file is logged and the built-in defaults are used."""
    path = path or resource("layout.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Layout(
            section_labels=frozenset(data.get("section_labels", [])),
            section_suffixes=tuple(data.get("section_suffixes", [])),
            advert_words=tuple(data.get("advert_words", [])),
        )
    except (OSError, ValueError, TypeError) as exc:
        log.warning("cannot read layout word lists %s: %s", path, exc)
        return Layout()


def jump_of(text: str) -> tuple[str, str] | None:
    """('to'|'from', raw label) for a jump line such as "(下转第二版)"."""
    m = JUMP_RE.search(text)
    if not m:
        return None
    direction = "from" if m.group("dir") in ("上接", "接上", "紧接", "緊接", "接") else "to"
    return direction, m.group("label")


def ends_sentence(text: str) -> bool:
    t = text.rstrip()
    return bool(t) and t[-1] in SENTENCE_END


def ends_clause(text: str) -> bool:
    t = text.rstrip()
    return bool(t) and t[-1] in CLAUSE_END


def is_footer(text: str) -> bool:
    """Editors' credits ("值班编审 X 编辑 Y 校对 Z") or a contact line."""
    credits = len(FOOTER_WORDS_RE.findall(text))
    return credits >= 2 or (credits >= 1 and len(text) < 60) or bool(CONTACT_RE.search(text) and len(text) < 120)

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
_AGENCY = (
    r"(?:新华社|新華社|中新社|中新网|人民日报|人民網|人民网|央视网|央视新闻|据新华社|路透社|美联社|法新社|中央社"
    r"|路透|美聯社|美联|合眾社|合众社|哈瓦斯社|海通社|電通社|电通社|國民社|国民社|塔斯社|聯合社|联合社)"
)
# "（又電）", "又訊": a second telegram continuing the same story, never a new item.
_NOT_NEW = r"(?![又同另][電电訊讯])"
DATELINE_RE = re.compile(
    rf"^\s*(?:"
    rf"(?:本报|本報|本刊)(?:讯|訊|电|電)\s*(?:{_OPEN}[^()（）\n]{{0,40}}{_CLOSE})?"  # 本报讯(记者 X)
    rf"|{_AGENCY}[^\s，,。、]{{0,16}}?(?:电|電)(?:\s*{_OPEN}[^()（）\n]{{0,30}}{_CLOSE})?"  # 新华社北京12月2日电
    rf"|{_OPEN}{_NOT_NEW}[^()（）\n，,。、]{{1,16}}(?:电|電){_CLOSE}"  # （長沙廿三日電）, （東京八日路透電）
    # （本報特訊）, （本市訊）, （本埠專訊）: a paper's own report, the local counterpart of a telegram
    rf"|{_OPEN}(?:本报|本報|本市|本埠|本館|本馆|本社|本刊|本县|本縣|本省)[^()（）\n，,。、]{{0,4}}(?:讯|訊){_CLOSE}"
    rf"|(?:本报|本報)(?:{_OPEN}[^()（）\n]{{0,20}}{_CLOSE})?(?:记者|記者)[^\n，,。]{{0,30}}?(?:报道|報道)"
    rf")"
)
# "又電", "（又電）", "又訊": a second telegram or report that continues the story above.
CONTINUATION_RE = re.compile(rf"^\s*{_OPEN}?\s*[又同另](?:电|電|讯|訊)")
# What marks a dateline as naming people (a byline, 本报讯(记者 王利辉)) rather than only place, day and agency.
_PERSON_RE = re.compile(r"记者|記者|通讯员|通訊員|特约|特約|撰稿|实习生|實習生")
_WIRE_TAIL_RE = re.compile(rf"(?:电|電|讯|訊){_CLOSE}?\s*$")


def dateline_names_people(raw: str) -> bool:
    """True for "本报讯(记者 王利辉)" or "本报讯(张文哲)", false for "（南京五日中央社電）" or "新华社北京12月2日电".

    Datelines that name reporters are kept as the article's byline (the modern papers' convention);
    pure wire and office datelines (place, day, agency) go to the article's dateline.
    """
    if _PERSON_RE.search(raw):
        return True
    m = re.match(rf"\s*(?:本报|本報|本刊)(?:讯|訊|电|電)\s*{_OPEN}(?P<inner>[^()（）]*){_CLOSE}", raw)
    return bool(m and m.group("inner").strip() and not _WIRE_TAIL_RE.search(m.group("inner")))

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
# A byline that names only the role: "本報記者", "本報特派員".
ROLE_ONLY_RE = re.compile(r"^\s*(?:本报|本報)(?:特派)?(?:记者|記者|特派员|特派員|通讯员|通訊員)\s*$")

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
# Republic-era telephone numbers and street addresses in Chinese numerals: 電話九一二三四, 電話二局一二三四,
# 南京路一百號, 太平路一二〇號.
ZH_PHONE_RE = re.compile(r"電話\s*(?:[一二三四五六七八九]局)?\s*[〇○零一二三四五六七八九0-9]{4,6}")
ZH_ADDRESS_RE = re.compile(r"[路街里弄巷][〇○零一二三四五六七八九十百0-9]{1,6}號")
# A paid notice: its heading line ("結婚啟事", "遷移聲明") and its signature ("同記米行謹啟", "張李同啟").
NOTICE_HEAD_RE = re.compile(r"^\s*\S{0,10}(?:啟事|启事|聲明|声明|緊要啟事|啟示)\s*$", re.MULTILINE)
NOTICE_SIGNATURE_RE = re.compile(r"\S{1,12}(?:謹啟|谨启|同啟|同启|仝啟|敬啟|敬启)\s*$", re.MULTILINE)

KICKER_END_RE = re.compile(
    r"(?:强调|強調|指出|要求|表示|提出|寄语|寄語|致辞|致詞|时说|時說|上说|上說|批示|指示|讲话|講話)\s*$|[:：]\s*$"
)
# A line that packs kicker and title decks together: "X在Y时强调 扛稳政治责任 提升帮扶实效".
KICKER_SPLIT_RE = re.compile(r"^(?P<kicker>.{6,}?(?:强调|強調|指出|要求|表示|提出))\s+(?P<title>\S.{3,})$")
SUBTITLE_START_RE = re.compile(r"^\s*(?:——|—|--|一一|－－|─|-)\s*\S")

SENTENCE_END = "。！？!?…”’」』）)》"
CLAUSE_END = "，,、；;：:（(《“‘「『"


@dataclass(frozen=True)
class Layout:
    """User-extendable word lists for section labels and adverts (``resources/layout.json``)."""

    section_labels: frozenset[str] = field(default_factory=frozenset)
    section_suffixes: tuple[str, ...] = ()
    section_infixes: tuple[str, ...] = ()
    advert_words: tuple[str, ...] = ()

    def is_section_label(self, text: str) -> bool:
        t = text.strip()
        if t in self.section_labels:
            return True
        if len(t) > 14:
            return False
        # "長篇小說" over a serial, "滬聲副刊 第一百零二期" over a supplement's page
        return any(t.endswith(s) for s in self.section_suffixes) or any(s in t for s in self.section_infixes) \
            or bool(GENRE_RE.match(t))

    def advert_score(self, text: str) -> int:
        """How many advert cues the text carries (phone numbers count once, street addresses once)."""
        score = sum(1 for w in self.advert_words if w in text)
        if PHONE_RE.search(text) or ZH_PHONE_RE.search(text):
            score += 1
        if ZH_ADDRESS_RE.search(text):
            score += 1
        if NOTICE_HEAD_RE.match(text):
            score += 2  # "結婚啟事", "遺失收據聲明" over a paid notice
        if NOTICE_SIGNATURE_RE.search(text):
            score += 1  # "……同啟", "……謹啟"
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
            section_infixes=tuple(data.get("section_infixes", [])),
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


# --- Republic-era and tabloid furniture ------------------------------------------------------------------

_CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
_ZH_NUM = r"[0-9０-９〇零一二三四五六七八九十百廿卅]"
# A pen name: 1-5 ideographs (半農, 天虛我生, 夜遊人); never a number, a jump or a continuation mark.
# Words in parentheses that are not authors: instalment marks, jumps, days ("雜糧行情（昨日）"), figures.
_NOT_NAME = (
    r"未完|待續|待续|續昨|续昨|續前|续前|續[)）]|续[)）]|完[)）]|上接|下轉|下转|本報[訊讯電电]|本报[讯电]|又電|又电"
    r"|[昨今明前本每][日天晚晨]|[上下]午|[圖图表附註注]|續完|续完"
)
_PEN_NAME = rf"(?!{_ZH_NUM}+[)）〕]|{_NOT_NAME}){_CJK}{{1,5}}"
# "（半農）" or "〔小隱〕" on a line of its own, "◎天虛我生", "△聽濤".
PAREN_NAME_RE = re.compile(rf"^\s*{_OPEN}\s*(?P<name>{_PEN_NAME})\s*{_CLOSE}\s*$")
MARK_NAME_RE = re.compile(rf"^\s*[◎○●☆★]\s*(?P<name>{_CJK}{{1,5}})\s*$")
# "論新劇之前途（半農）": a title with its author in parentheses at the end.
TITLE_PAREN_NAME_RE = re.compile(
    rf"^\s*(?P<title>[^\s()（）]{{2,20}}?(?:\s*[（(]{_ZH_NUM}{{1,4}}[)）])?)\s*{_OPEN}\s*(?P<name>{_PEN_NAME})\s*{_CLOSE}\s*$"
)
# "某舞星之新歡 阿龍", "秋夜雜詠（三） 寄鶴": a short title, a space, a two- or three-character name.
TITLE_SPACE_NAME_RE = re.compile(
    rf"^\s*(?![^\s]*年[^\s]*月)(?P<title>{_CJK}[^\s，,、。；;：:！？!?]{{1,17}})[ \t\u3000]+"
    rf"(?!星期|禮拜|礼拜|第|本報|本报)(?P<name>{_CJK}{{2,3}})\s*$"
)
# "春申舊夢（四十一）", "長篇小說 春申舊夢（四十二） 碧梧": a numbered title (instalment or poem number).
NUMBERED_TITLE_RE = re.compile(
    rf"^\s*(?:(?P<genre>{_CJK}{{2,6}}(?:小說|小説|小说|說部|说部|說苑|譯叢|筆記|笔记))[ \t\u3000]*)?"
    rf"(?P<title>[^\s()（），,、。]{{2,16}}?)\s*[（(]\s*(?P<num>{_ZH_NUM}{{1,6}})\s*[)）]"
    rf"(?:[ \t\u3000]*(?P<name>{_CJK}{{2,4}}))?\s*$"
)
GENRE_RE = re.compile(rf"^\s*{_CJK}{{0,6}}(?:小說|小説|小说|說部|说部|說苑|说苑)\s*$")
# "第十二回 訪舊侶重遊愚園路 話前塵淚灑黃浦江": the chapter heading of a serial novel.
CHAPTER_RE = re.compile(rf"^\s*第\s*{_ZH_NUM}{{1,5}}\s*[回章節节]")
# "（未完）", "（續昨）", "（完）": marks of a serial's instalment.
END_MARK_RE = re.compile(r"[（(]\s*(?:未完|待續|待续|未完待續|未完待续|續完|续完|完)\s*[)）]\s*$")
SERIAL_MARK_RE = re.compile(
    r"前文提要|[（(]\s*(?:續昨|续昨|續前|续前|接昨|續)\s*[)）]|[（(]\s*(?:未完|待續|待续)\s*[)）]"
)
# Run-in heads of a news-brief column: "○米市 昨日…", "▲足球 …", "【米市】…".
RUNIN_RE = re.compile(
    rf"^\s*(?:[○◯●◎▲△■□◆◇]\s*(?P<head>{_CJK}{{2,4}})(?:[ \t\u3000]+|[：:])(?=\S)"
    rf"|【\s*(?P<head2>{_CJK}{{2,4}})\s*】\s*)"
)
BRIEF_ITEM_RE = re.compile(r"^\s*(?:[○◯●◎▲△■□◆◇](?=\s*[\u3400-\u9fff])|【)")
# Traditional characters that a simplified text never contains, and the reverse: a page printed in
# traditional characters is read with the conventions of Republic-era papers.
_TRAD_ONLY = frozenset(
    "國會為爲這們個來時說對發開關與點過還進從動經當實現長門問間題見應學頭體認樣邊聽讓語讀書車東風馬報紙電記聞議員處"
    "區縣廠業務費價買賣貨銀錢號張條機軍戰爭黨據權華歡設總統辦導萬億閣協聯隊滬漢廣蘇鐵鄉陽陸師將農濟際醫藥圖館飯餘"
)
_SIMP_ONLY = frozenset(
    "国会为这们个来时说对发开关与点过还进从动经当实现长门问间题见应学头体认样边听让语读书车东风马报纸电记闻议员处"
    "区县厂业务费价买卖货银钱号张条机军战争党据权华欢设总统办导万亿阁协联队沪汉广苏铁乡阳陆师将农济际医药图馆饭余"
)
_STYLE_SAMPLE = 6000  # characters looked at: enough to tell, and the check stays constant-time on huge pages


_TRAD_RE = re.compile("[" + "".join(sorted(_TRAD_ONLY)) + "]")
_SIMP_RE = re.compile("[" + "".join(sorted(_SIMP_ONLY)) + "]")


def is_traditional(text: str) -> bool:
    """True when the page is printed in traditional characters (most Republic-era papers and tabloids)."""
    sample = text[:_STYLE_SAMPLE]
    trad = len(_TRAD_RE.findall(sample))
    return trad >= 5 and trad > 3 * len(_SIMP_RE.findall(sample))


def pen_name(text: str) -> str | None:
    """The name of a byline line "（半農）" or "◎天虛我生", else None."""
    m = PAREN_NAME_RE.match(text) or MARK_NAME_RE.match(text)
    return m.group("name") if m else None


def title_and_name(text: str, *, spaced: bool) -> tuple[str, str] | None:
    """("論新劇之前途", "半農") for "論新劇之前途（半農）"; with ``spaced`` also "某舞星之新歡 阿龍"."""
    m = TITLE_PAREN_NAME_RE.match(text)
    if m is None and spaced:
        m = TITLE_SPACE_NAME_RE.match(text)
    if m is None:
        return None
    return m.group("title").strip(), m.group("name")


def runin_head(text: str) -> tuple[str, int] | None:
    """The run-in head of a brief ("米市" in "○米市 昨日…") and where the item's text starts, else None."""
    m = RUNIN_RE.match(text)
    if m is None:
        return None
    return m.group("head") or m.group("head2"), m.end()

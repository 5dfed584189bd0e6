"""Deterministic generator of realistic Chinese newspaper OCR archives for benchmarks and recall tests.

Every page is built from a ``random.Random`` seeded by (seed, paper, date, page), so the same seed always
gives the same bytes, and a bigger archive starts with exactly the pages of a smaller one.

Run ``python -m bench.generate OUT_DIR --pages 1000 --papers 3 --seed 1``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import logging
import os
import random
import re
import sys
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path, PurePath

log = logging.getLogger(__name__)

SAMPLES_DIR = Path(__file__).resolve().parents[1] / "resources" / "samples"
TOP_WORDS = 60_000  # how many of jieba's most frequent words make up the vocabulary

_CJK_WORD = re.compile(r"[\u4e00-\u9fff]+")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]+[”\"」』]?")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Spaces that OCR put next to a non-ASCII character are column wraps, not text.
_OCR_SPACE = re.compile(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])")
# Sample sentences carrying page furniture or one article's byline are not reusable as body text.
_SAMPLE_SKIP = re.compile(
    r"本报讯|本报记者|新华社|摄|值班|编辑|校对|下转|上接|网址|CN|www|http|@|第\s*\d+\s*期|今日\d+版"
)

_CN_DIGITS = "零一二三四五六七八九"
_WEEKDAYS = "一二三四五六日"

# Name material. Invented places are made of common place-name characters so they look local.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志文林宇浩凯斌鑫晨欣怡佳琪子涵思雨雪梅"
    "海波峰亮成宏新利春燕晓东健彬博蕾宁倩婷颖俊飞虎龙云凤永庆德贵福祥瑞振兴世荣家树立胜光远晶莉冬梦阳"
)
_PLACE_CHARS = "安平和兴华新东西南北石桥河山湖林清源丰泰永宁长乐青白云龙凤柳杨梅桃花金水古城沙坪岗庄营寨台阳"
_PLACE_KINDS = ("镇", "乡", "村", "街道", "社区", "区", "县", "开发区", "产业园")
_DEPARTMENTS = (
    "民政局", "财政局", "教育局", "卫健委", "发展改革委", "自然资源和规划局", "住建局", "城管局",
    "交通运输局", "农业农村局", "商务局", "文广旅局", "生态环境局", "公安局", "市场监管局", "税务局",
    "人社局", "科技局", "应急管理局", "水利局", "乡村振兴局", "数据管理局",
)  # fmt: skip
_TITLES = (
    "市长", "副市长", "市委书记", "市委副书记", "市人大常委会主任", "市政协主席", "区委书记", "县长", "局长",
    "党委书记", "主任", "秘书长",
)  # fmt: skip
_SECTIONS = (
    "要闻简报", "记者手记", "民生", "经济观察", "一线传真", "乡村振兴", "新闻速递", "聚焦", "本地新闻",
    "专题", "新闻发布", "身边好人",
)  # fmt: skip
_NO_LINE_START = frozenset('，,。.、；;：:！!？?）)”"》')
_STRAY = ("服", "X", "□", "一", "I", "口")


@dataclass(frozen=True)
class PaperProfile:
    """An invented paper: its masthead material and the quirks of its OCR export and folder layout."""

    name: str  # e.g. 江川日报
    city: str  # e.g. 江川
    latin: str  # masthead Latin line, e.g. JIANGCHUAN DAILY
    serial: str  # CN serial as printed
    domain: str
    organ: str
    nested: bool  # <paper>/<YYYY>/<MM>/<DD>/A0N.txt instead of <paper>/<YYYY-MM-DD>/<NN>.txt
    wrap: int | None  # column width at which OCR inserts spaces, None for clean lines
    lunar: str  # "full": date + lunar, "only": weekday + lunar without the Gregorian date, "none"
    quotes: str  # "straight" or "curly"
    semicolon: str  # "；" or ";"
    newline: str = "\n"

    def page_label(self, page_no: int) -> str:
        """How jump lines name a page: 第二版 or A2版."""
        return f"A{page_no}版" if self.nested else f"第{_cn_number(page_no)}版"

    def file_name(self, page_no: int) -> str:
        return f"A{page_no:02d}.txt" if self.nested else f"{page_no:02d}.txt"

    def issue_dir(self, root: PurePath, day: dt.date) -> PurePath:
        if self.nested:
            return root / self.name / f"{day.year:04d}" / f"{day.month:02d}" / f"{day.day:02d}"
        return root / self.name / day.isoformat()


PAPERS: tuple[PaperProfile, ...] = (
    PaperProfile("江川日报", "江川", "JIANGCHUAN DAILY", "国内统一刊号: CN53-0117", "www.jcrb.com.cn",
                 "中共江川市委机关报", nested=False, wrap=15, lunar="full", quotes="straight", semicolon=";"),
    PaperProfile("临河晚报", "临河", "LINHE EVENING NEWS", "国内统一连续出版物号:CN 15-0042", "www.lhwb.cn",
                 "临河日报社主办", nested=True, wrap=None, lunar="none", quotes="curly", semicolon="；"),
    PaperProfile("青州日报", "青州", "QINGZHOURIBAO", "国内统一刊号:CN37-0088", "www.qzrb.net",
                 "中共青州市委主办", nested=False, wrap=17, lunar="full", quotes="straight", semicolon="；",
                 newline="\r\n"),
    PaperProfile("北塘日报", "北塘", "BEITANG DAILY", "国内统一连续出版物号:CN 12-0035", "www.btrb.com",
                 "中共北塘市委机关报", nested=False, wrap=16, lunar="only", quotes="straight", semicolon=";"),
    PaperProfile("云岭日报", "云岭", "YUNLING DAILY", "国内统一刊号: CN53-0190", "www.ylrb.com.cn",
                 "中共云岭市委机关报", nested=True, wrap=None, lunar="full", quotes="curly", semicolon="；"),
    PaperProfile("南浦晚报", "南浦", "NANPU EVENING NEWS", "国内统一刊号: CN35-0061", "www.npwb.com",
                 "南浦日报社出版", nested=False, wrap=14, lunar="none", quotes="straight", semicolon=";"),
    PaperProfile("东陵日报", "东陵", "DONGLINGRIBAO", "国内统一刊号: CN21-0076", "www.dlrb.cn",
                 "中共东陵市委主管主办", nested=True, wrap=18, lunar="full", quotes="curly", semicolon="；"),
    PaperProfile("桐山日报", "桐山", "TONGSHAN DAILY", "国内统一刊号: CN44-0153", "www.tsrb.com.cn",
                 "中共桐山市委机关报", nested=False, wrap=None, lunar="full", quotes="straight",
                 semicolon=";"),
)  # fmt: skip

# For archives with more papers than PAPERS: city syllables with their pinyin.
_SYLLABLES = (
    ("安", "AN"), ("宁", "NING"), ("丰", "FENG"), ("泰", "TAI"), ("石", "SHI"), ("桥", "QIAO"),
    ("清", "QING"), ("源", "YUAN"), ("兴", "XING"), ("华", "HUA"), ("长", "CHANG"), ("乐", "LE"),
    ("白", "BAI"), ("沙", "SHA"), ("金", "JIN"), ("水", "SHUI"), ("平", "PING"), ("阳", "YANG"),
    ("梅", "MEI"), ("岗", "GANG"),
)  # fmt: skip


@dataclass
class ArchiveStats:
    """What generate_archive wrote."""

    pages: int = 0
    issues: int = 0
    bytes: int = 0
    chars: int = 0
    articles: int = 0


# ---------------------------------------------------------------------------------------------------------
# Vocabulary


@dataclass(frozen=True)
class Vocabulary:
    """Word frequencies from jieba's dictionary plus the sample pages' own sentences, loaded once."""

    words: tuple[str, ...]
    cum_weights: tuple[int, ...]
    nouns: tuple[str, ...]  # two-character nouns for headlines
    verbs: tuple[str, ...]  # two-character verbs for headlines
    places: tuple[str, ...]  # place names from the dictionary
    sentences: tuple[str, ...]  # sample body sentences in canonical (full-width) punctuation


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Load jieba's dictionary (top words by frequency) and the sample sentences; cached."""
    import jieba  # imported here so that importing this module stays cheap

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    rows: list[tuple[int, str, str]] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and _CJK_WORD.fullmatch(parts[0]):
                rows.append((int(parts[1]), parts[0], parts[2] if len(parts) > 2 else ""))
    rows.sort(key=lambda r: (-r[0], r[1]))  # total order: the word list must not depend on file order
    rows = rows[:TOP_WORDS]
    words = tuple(r[1] for r in rows)
    cum = tuple(itertools.accumulate(r[0] for r in rows))
    nouns = tuple(w for f, w, p in rows[:20000] if p in ("n", "vn") and len(w) == 2)[:3000]
    verbs = tuple(w for f, w, p in rows[:20000] if p == "v" and len(w) == 2)[:1500]
    places = tuple(w for f, w, p in rows if p == "ns" and 2 <= len(w) <= 4)[:1500]
    return Vocabulary(words, cum, nouns, verbs, places, tuple(_sample_sentences(SAMPLES_DIR)))


def _sample_sentences(folder: Path) -> list[str]:
    """Body sentences of the sample pages, with OCR wrap spaces removed and punctuation made full-width."""
    out: list[str] = []
    seen: set[str] = set()
    for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for line in text.splitlines():
            line = _OCR_SPACE.sub("", line.strip())
            if len(line) < 20:
                continue
            for sentence in _SENTENCE.findall(_to_canonical(line)):
                sentence = sentence.strip()
                cjk = sum(len(run) for run in _CJK_WORD.findall(sentence))
                usable = cjk >= 8 and len(sentence) <= 220 and not _SAMPLE_SKIP.search(sentence)
                if usable and sentence not in seen:
                    seen.add(sentence)
                    out.append(sentence)
    return out


def _to_canonical(text: str) -> str:
    """OCR's ASCII punctuation back to full-width (digit groups like 1,000 keep their comma)."""
    text = re.sub(r"(?<!\d),|,(?!\d)", "，", text)
    text = re.sub(r"(?<!\d):|:(?!\d)", "：", text)
    text = text.replace("(", "（").replace(")", "）").replace(";", "；").replace("!", "！").replace("?", "？")
    # Straight quotes alternate open/close within the line.
    parts = text.split('"')
    return "".join(p + ("“" if i % 2 == 0 else "”") for i, p in enumerate(parts[:-1])) + parts[-1]


# ---------------------------------------------------------------------------------------------------------
# Small pieces of text


def _cn_number(n: int) -> str:
    """1..99 in Chinese numerals (二, 十二, 二十)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def _person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))


def _local_place(rng: random.Random, city: str) -> str:
    name = rng.choice(_PLACE_CHARS) + rng.choice(_PLACE_CHARS)
    kind = rng.choice(_PLACE_KINDS)
    prefix = city + "市" if kind in ("区", "县", "开发区", "产业园") and rng.random() < 0.3 else ""
    return prefix + name + kind


def _place(rng: random.Random, voc: Vocabulary, city: str) -> str:
    return rng.choice(voc.places) if rng.random() < 0.35 else _local_place(rng, city)


def _number(rng: random.Random) -> str:
    kind = rng.randrange(12)
    n = int(10 ** rng.uniform(0, 4.5))
    x = rng.uniform(0.1, 99.9)
    return (
        f"{n}个", f"{x:.1f}%", f"{n}万元", f"{x:.2f}亿元", f"{n}余人", f"{n}家", f"第{rng.randint(2, 60)}次",
        f"{n}项", f"{n}平方米", f"{x:.1f}公里", f"{n}户", f"{n}人次",
    )[kind]  # fmt: skip


def _month_day(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


@dataclass
class _Ctx:
    """Everything one page's text is drawn from."""

    rng: random.Random
    voc: Vocabulary
    paper: PaperProfile
    day: dt.date
    page_no: int
    page_count: int

    def entity(self) -> str:
        rng, kind = self.rng, self.rng.randrange(9)
        if kind <= 1:
            return _number(rng)
        if kind == 2:
            return _month_day(self.day - dt.timedelta(days=rng.randint(0, 30)))
        if kind == 3:
            year = f"{self.day.year - rng.randint(0, 6)}年"
            return rng.choice(("今年以来", "近年来", "日前", "目前", "截至目前", year))
        if kind <= 5:
            return _place(rng, self.voc, self.paper.city)
        if kind == 6:
            return rng.choice(("市", "县", "区")) + rng.choice(_DEPARTMENTS)
        return (rng.choice(_TITLES) if rng.random() < 0.5 else "") + _person(rng)

    def words(self, k: int) -> str:
        return "".join(self.rng.choices(self.voc.words, cum_weights=self.voc.cum_weights, k=k))

    def new_sentence(self) -> str:
        """Clauses of dictionary words (drawn by frequency) with names, places and numbers mixed in."""
        rng = self.rng
        clauses = []
        for _ in range(rng.choice((1, 2, 2, 3, 3, 4))):
            parts = [self.words(rng.randint(2, 7))]
            if rng.random() < 0.45:
                parts.insert(rng.randint(0, 1), self.entity())
            if rng.random() < 0.2:
                parts.append(self.entity() + self.words(rng.randint(1, 3)))
            clauses.append("".join(parts))
        sep = "，" if rng.random() < 0.85 else rng.choice(("；", "、"))
        return sep.join(clauses) + rng.choice("。。。。。。。。！？")

    def sample_sentence(self) -> str:
        """A sentence of the sample pages with its numbers changed."""
        sentence = self.rng.choice(self.voc.sentences)

        def renumber(m: re.Match[str]) -> str:
            digits = m.group(0)
            if len(digits) == 4 and m.string[m.end() : m.end() + 1] == "年":
                return str(self.day.year - self.rng.randint(0, 8))
            if "." in digits:
                whole, frac = digits.split(".")
                head = self.rng.randint(0, 10 ** len(whole) - 1)
                return f"{head}.{self.rng.randint(1, 10 ** len(frac) - 1)}"
            low = 10 ** (len(digits) - 1) if len(digits) > 1 else 1
            return str(self.rng.randint(low, 10 ** len(digits) - 1))

        return _NUMBER.sub(renumber, sentence)

    def sentence(self) -> str:
        if self.voc.sentences and self.rng.random() < 0.4:
            return self.sample_sentence()
        return self.new_sentence()

    def paragraph(self, low: int = 2, high: int = 6) -> str:
        return "".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def deck(self) -> str:
        """One headline deck: 坚持问题导向, 江川镇推进项目建设, ..."""
        rng, v = self.rng, self.voc
        form = rng.randrange(5)
        if form == 0:
            return rng.choice(v.verbs) + rng.choice(v.nouns) + rng.choice(v.nouns)
        if form == 1:
            return rng.choice(v.nouns) + rng.choice(v.verbs) + rng.choice(v.nouns)
        if form == 2:
            return _place(rng, v, self.paper.city) + rng.choice(v.verbs) + rng.choice(v.nouns)
        if form == 3:
            return rng.choice(v.verbs) + rng.choice(v.nouns) + " " + rng.choice(v.verbs) + rng.choice(v.nouns)
        return rng.choice(v.nouns) + rng.choice(v.nouns) + rng.choice(v.verbs) + rng.choice(v.nouns)

    def teaser(self) -> str:
        rng, v = self.rng, self.voc
        who, where = _person(rng), _place(rng, v, self.paper.city)
        return rng.choice((
            f"{who}到{where}调研{rng.choice(v.nouns)}{rng.choice(v.nouns)}工作",
            f"{who}出席全市{rng.choice(v.nouns)}{rng.choice(v.verbs)}工作推进会并讲话",
            f"{who}主持召开{rng.choice(v.nouns)}工作第{rng.randint(2, 60)}次周例会",
            f"{where}{rng.choice(v.verbs)}{rng.choice(v.nouns)}{rng.choice(v.nouns)}",
        ))  # fmt: skip


# ---------------------------------------------------------------------------------------------------------
# Page parts. Each returns blocks (strings separated on the page by a blank line).


def _masthead(c: _Ctx, issue_no: int) -> list[str]:
    rng, p, day = c.rng, c.paper, c.day
    weekday = "星期" + _WEEKDAYS[day.weekday()]
    date = f"{day.year}年{day.month}月{day.day}日"
    lunar = ""
    if p.lunar != "none":
        from lunar_python import Solar

        lu = Solar.fromYmd(day.year, day.month, day.day).getLunar()
        lunar = f"农历{lu.getYearInGanZhi()}年{lu.getMonthInChinese()}月{lu.getDayInChinese()}"
    pages = f"今日{c.page_count}版"
    issue = f"第{issue_no}期" if rng.random() < 0.7 else f"第 {issue_no} 期"
    blocks: list[str] = []
    if p.lunar == "only":  # like a masthead whose Chinese name and date were images: weekday + lunar survive
        blocks += [p.latin, f"{weekday} {lunar} {p.serial}"]
        blocks += [rng.choice(_STRAY) for _ in range(rng.choice((0, 1, 2)))]
        blocks += [p.organ, f"{p.name}社出版", f"{issue} {pages}"]
        return blocks
    if rng.random() < 0.8:  # the Chinese name is often an image missing from the text
        blocks.append(p.name)
    blocks.append(p.latin)
    blocks.append(f"{date}\n{weekday} {lunar}".rstrip())
    if rng.random() < 0.5:
        blocks.append(f"{p.organ} {p.serial}\n网址: http://{p.domain} {p.name}社出版 {issue}\n{pages}")
    else:
        blocks.append(f"{p.organ}\n{p.serial}\n网址: http://{p.domain}\n{p.name}社出版 {issue} {pages}")
    return blocks


def _advert(c: _Ctx) -> list[str]:
    rng, v = c.rng, c.voc
    brand = rng.choice(_PLACE_CHARS) + rng.choice(_PLACE_CHARS)
    company = rng.choice((f"{c.paper.city}{brand}置业有限公司", f"{brand}银行 {c.paper.city}分行",
                          f"{c.paper.city}{brand}汽车销售服务有限公司", f"{brand}商贸集团"))  # fmt: skip
    phone = f"0{rng.randint(100, 999)}-{rng.randint(2000000, 8999999)}"
    needs = "、".join(rng.sample(("购房", "租车", "家装", "婚庆", "教育", "旅行", "购物", "养老"), 4))
    return [
        rng.choice(("让幸福来的早一点!", "品质生活 从这里开始", "限时优惠 惊喜不断!", f"安家首选{brand}")),
        f"{brand}{rng.choice(v.nouns)} {rng.choice(('幸福分期', '特价促销', '会员专享', '招商热线'))}",
        f"满足您{needs}等消费需求。\n咨询电话: {phone} {rng.randint(2000000, 8999999)}",
        company,
    ]


def _caption(c: _Ctx) -> list[str]:
    rng = c.rng
    text = f"{_month_day(c.day - dt.timedelta(days=1))},{c.new_sentence()}"
    if rng.random() < 0.7:
        return [f"{text} 本报记者 {_person(rng)} 摄"]
    return [f"图为{c.new_sentence()}", f"{_person(rng)} 摄"]


def _teasers(c: _Ctx) -> list[str]:
    rng = c.rng
    blocks = [rng.choice(_SECTIONS)] if rng.random() < 0.5 else []
    for _ in range(rng.randint(3, 6)):
        line = c.teaser()
        if len(line) > 16 and rng.random() < 0.3:  # headline wrapped across two lines
            cut = rng.randint(10, len(line) - 3)
            line = line[:cut] + "\n" + line[cut:]
        blocks.append(line)
    return blocks


def _footer(c: _Ctx) -> list[str]:
    rng = c.rng
    line = f"值班编审 {_person(rng)} 编辑 {_person(rng)} 校对 {_person(rng)}"
    if c.page_no > 1 and rng.random() < 0.5:
        line = f"编辑 {_person(rng)} 校对 {_person(rng)}"
    if c.page_no == 1 and rng.random() < 0.5:
        line += f" E-mail:{c.paper.domain.split('.')[1]}@163.com □网址:http://{c.paper.domain}"
    return [line]


def _wrap_spaces(rng: random.Random, text: str, width: int) -> str:
    """Insert the spaces OCR leaves where a column line wrapped, every ``width``±1 characters."""
    out, pos = [], 0
    while pos < len(text):
        end = pos + max(4, width + rng.randint(-1, 1))
        while end < len(text) and text[end] in _NO_LINE_START:  # typesetters never start a line with these
            end += 1
        out.append(text[pos:end])
        pos = end
    return " ".join(out)


def _article(c: _Ctx, *, lead: bool, continued_from: bool) -> list[str]:
    """One article: headline group, dateline or byline, 3-10 paragraphs with OCR artefacts, jump lines."""
    rng, v = c.rng, c.voc
    blocks: list[str] = []
    if rng.random() < 0.12:
        blocks.append(rng.choice(_SECTIONS))
    if not continued_from and rng.random() < 0.3:
        blocks.append(rng.choice((
            f"{_person(rng)}在{_place(rng, v, c.paper.city)}调研{rng.choice(v.nouns)}工作时强调",
            f"{_person(rng)}在全市{rng.choice(v.nouns)}{rng.choice(v.nouns)}会议上指出",
            f"{c.paper.city}市召开{rng.choice(v.nouns)}{rng.choice(v.nouns)}推进会",
        )))  # fmt: skip
    blocks.append(" ".join(c.deck() for _ in range(rng.choice((1, 1, 2, 2, 3)))))
    if continued_from:
        blocks.append(f"(上接{c.paper.page_label(1)})")
    elif rng.random() < 0.2:
        where = _place(rng, v, c.paper.city)
        blocks.append("——" + rng.choice((
            f"{where}{rng.choice(v.verbs)}{rng.choice(v.nouns)}{rng.choice(v.nouns)}综述",
            f"记{c.paper.city}市{rng.choice(v.nouns)}先进工作者{_person(rng)}",
            f"访{where}{rng.choice(_TITLES)}{_person(rng)}",
        )))  # fmt: skip

    paragraphs = [c.paragraph() for _ in range(rng.randint(3, 10) + (3 if lead else 0))]
    if not continued_from:
        style = rng.random()
        yesterday = _month_day(c.day - dt.timedelta(days=rng.randint(1, 3)))
        if style < 0.55:
            credit = f"记者 {_person(rng)}" if rng.random() < 0.7 else f"记者{_person(rng)}"
            if rng.random() < 0.4:
                credit += f" 通讯员 {_person(rng)}" + (f" {_person(rng)}" if rng.random() < 0.3 else "")
            paragraphs[0] = f"本报讯({credit}){yesterday},{paragraphs[0]}"
        elif style < 0.8:
            byline = f"本报记者 {_person(rng)}"
            if rng.random() < 0.4:
                byline += f" 通讯员 {_person(rng)}"
            blocks.append(byline)
        elif style < 0.9:
            paragraphs[0] = f"新华社{rng.choice(v.places)}{yesterday}电 {paragraphs[0]}"
    if rng.random() < 0.15 and len(paragraphs) > 4:  # an interior subheading
        paragraphs.insert(rng.randint(2, len(paragraphs) - 2), c.deck())
    if rng.random() < 0.02:  # OCR printed a paragraph twice
        i = rng.randrange(len(paragraphs))
        paragraphs.insert(i + 1, paragraphs[i])

    width = c.paper.wrap
    if width is not None and rng.random() < 0.8:
        width += rng.randint(-2, 2)
        paragraphs = [_wrap_spaces(rng, p, width) if len(p) > width else p for p in paragraphs]
    if rng.random() < 0.25:  # paragraph split mid-sentence at a column break
        i = rng.randrange(len(paragraphs))
        if len(paragraphs[i]) > 40:
            cut = rng.randint(10, len(paragraphs[i]) - 10)
            paragraphs[i : i + 1] = [paragraphs[i][:cut], paragraphs[i][cut:]]
    if lead and c.page_count > 1 and rng.random() < 0.7:
        jump = f"(下转{c.paper.page_label(rng.randint(2, c.page_count))})"
        if rng.random() < 0.5:
            paragraphs[-1] += " " + jump
        else:
            paragraphs.append(jump)
    return blocks + paragraphs


def _punctuate(text: str, paper: PaperProfile) -> str:
    """Canonical full-width punctuation as this paper's OCR export prints it."""
    text = text.replace("，", ",").replace("：", ":").replace("（", "(").replace("）", ")")
    text = text.replace("；", paper.semicolon)
    if paper.quotes == "straight":
        text = text.replace("“", '"').replace("”", '"')
    return text


def compose_page(
    rng: random.Random, paper: PaperProfile | str, day: dt.date, page_no: int, issue_no: int,
    page_count: int, size_factor: float = 1.0,
) -> tuple[str, int]:  # fmt: skip
    """Like generate_page, but also returns how many articles the page holds."""
    paper = paper_profile(paper)
    c = _Ctx(rng, vocabulary(), paper, day, page_no, max(1, page_count))
    # The last article overshoots the target by ~1000 characters; pages end up 5-8k characters.
    target = rng.randint(4800, 7000) * max(size_factor, 0.01)
    blocks: list[str] = []
    articles = 0
    if page_no == 1:
        blocks += _masthead(c, issue_no)
        if rng.random() < 0.3:
            blocks += _advert(c)
    size = sum(len(b) for b in blocks)
    tail: list[str] = []
    if page_no == 1 and rng.random() < 0.6:
        tail += _teasers(c)
    tail += _footer(c)
    target -= sum(len(b) for b in tail)
    while size < target or articles == 0:
        roll = rng.random()
        if articles and roll < 0.12:
            part = _caption(c)
        elif articles and roll < 0.16 and page_no > 1:
            part = _advert(c)
        else:
            part = _article(c, lead=page_no == 1 and articles == 0,
                            continued_from=page_no > 1 and articles == 0 and rng.random() < 0.4)  # fmt: skip
            articles += 1
        blocks += part
        size += sum(len(b) for b in part)
    text = "\n\n".join(blocks + tail) + "\n"
    return _punctuate(text, paper), articles


# ---------------------------------------------------------------------------------------------------------
# Public API


def paper_profile(paper: PaperProfile | str) -> PaperProfile:
    """The profile of a paper given by name: a built-in one, or one derived from the name."""
    if isinstance(paper, PaperProfile):
        return paper
    for p in PAPERS:
        if p.name == paper:
            return p
    city = paper[:-2] if len(paper) > 2 and paper.endswith(("日报", "晚报")) else paper.rstrip("报") or paper
    rng = random.Random(f"profile:{paper}")
    return PaperProfile(paper, city, f"{city.upper() if city.isascii() else 'CITY'} DAILY",
                        f"国内统一刊号: CN{rng.randint(11, 65)}-{rng.randint(1, 999):04d}", "www.example.cn",
                        f"中共{city}市委机关报", nested=rng.random() < 0.5, wrap=rng.choice((None, 15, 17)),
                        lunar="full", quotes="straight", semicolon=";")  # fmt: skip


def papers_for(count: int) -> list[PaperProfile]:
    """``count`` distinct invented papers: the built-in ones, then names made of city syllables."""
    out = list(PAPERS[:count])
    for (a, pa), (b, pb) in itertools.permutations(_SYLLABLES, 2):
        if len(out) >= count:
            break
        name = f"{a}{b}日报"
        if any(p.name == name for p in out):
            continue
        n = len(out)
        out.append(PaperProfile(name, a + b, f"{pa}{pb} DAILY", f"国内统一刊号: CN{11 + n % 55}-{n:04d}",
                                f"www.{pa.lower()}{pb.lower()}.cn", f"中共{a}{b}市委机关报",
                                nested=n % 2 == 1, wrap=(None, 15, 16, 17)[n % 4],
                                lunar=("full", "none")[n % 2], quotes=("straight", "curly")[n % 2],
                                semicolon=";"))  # fmt: skip
    return out


def generate_page(
    rng: random.Random,
    paper: PaperProfile | str,
    date: dt.date,
    page_no: int,
    issue_no: int,
    page_count: int,
    size_factor: float = 1.0,
) -> str:
    """One page of OCR text; page 1 carries the masthead. ``size_factor`` scales the amount of text."""
    return compose_page(rng, paper, date, page_no, issue_no, page_count, size_factor)[0]


def page_rng(seed: int, paper: str, day: dt.date, page_no: int) -> random.Random:
    """The generator of one page: independent of how many other pages an archive has."""
    return random.Random(f"{seed}:{paper}:{day.isoformat()}:{page_no}")


def generate_archive(
    out_dir: Path,
    *,
    papers: int = 3,
    pages: int = 1000,
    pages_per_issue: int = 8,
    start: dt.date = dt.date(2015, 1, 1),
    seed: int = 1,
) -> ArchiveStats:
    """Write daily issues of ``papers`` invented papers under ``out_dir`` until ``pages`` pages exist."""
    out_dir = Path(out_dir)
    profiles = papers_for(max(1, papers))
    per_issue = max(1, pages_per_issue)
    setup = random.Random(f"{seed}:archive")
    first_issue = {p.name: setup.randint(2000, 20000) for p in profiles}
    stats = ArchiveStats()
    day_index = 0
    while stats.pages < pages:
        day = start + dt.timedelta(days=day_index)
        for profile in profiles:
            if stats.pages >= pages:
                break
            folder = Path(profile.issue_dir(out_dir, day))
            folder.mkdir(parents=True, exist_ok=True)
            issue_no = first_issue[profile.name] + day_index
            stats.issues += 1
            for page_no in range(1, per_issue + 1):
                if stats.pages >= pages:
                    break
                rng = page_rng(seed, profile.name, day, page_no)
                text, articles = compose_page(rng, profile, day, page_no, issue_no, per_issue, 1.0)
                data = text.replace("\n", profile.newline).encode("utf-8")
                (folder / profile.file_name(page_no)).write_bytes(data)
                stats.pages += 1
                stats.bytes += len(data)
                stats.chars += len(text)
                stats.articles += articles
        day_index += 1
    log.info("wrote %s", stats)
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--papers", type=int, default=3)
    ap.add_argument("--pages-per-issue", type=int, default=8)
    ap.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2015, 1, 1), help="YYYY-MM-DD")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true", help="print the statistics as JSON")
    args = ap.parse_args(argv)
    stats = generate_archive(args.out_dir, papers=args.papers, pages=args.pages, seed=args.seed,
                             pages_per_issue=args.pages_per_issue, start=args.start)  # fmt: skip
    if args.json:
        print(json.dumps(asdict(stats)))
    else:
        print(f"{stats.pages} pages in {stats.issues} issues, {stats.articles} articles, "
              f"{stats.chars} characters, {stats.bytes / 1e6:.1f} MB -> {args.out_dir}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

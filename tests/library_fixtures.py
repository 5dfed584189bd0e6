"""A toy page format for the library tests, so that what an import stores is known exactly.

``fake_parse`` stands in for the real page parser (``monkeypatch.setattr(pipeline, "parse_page", fake_parse)``);
``FRONT`` and ``INNER`` are two pages of one issue in that format, the front page's lead continued inside.
"""

from __future__ import annotations

import datetime as dt

from reader.ingest.model import Article, Block, BlockKind, PageMeta, ParsedPage, Source

_HEADER = {"paper": "paper", "date": "date", "page": "page", "issue": "issue_number", "count": "page_count"}


def fake_parse(text: str, source: str, papers: object = None) -> ParsedPage:
    """Parse a toy page: 'key: value' header lines, '# title [>to|<from]' articles, '!caption' blocks."""
    if "CRASH" in text:
        raise RuntimeError("boom")
    meta = PageMeta()
    items: list[Article | Block] = []
    for line in text.splitlines():
        key, _, value = line.partition(": ")
        if key in _HEADER and value:
            name = _HEADER[key]
            parsed: object = value
            if name == "date":
                parsed = dt.date.fromisoformat(value)
            elif name in ("issue_number", "page_count"):
                parsed = int(value)
            meta.set(name, parsed, Source.MASTHEAD)
        elif line.startswith("# "):
            words = line[2:].split()
            article = Article(title=words[0])
            for word in words[1:]:
                if word.startswith(">"):
                    article.continued_to = word[1:]
                elif word.startswith("<"):
                    article.continued_from = word[1:]
            items.append(article)
        elif line.startswith("!"):
            items.append(Block(BlockKind.CAPTION, line[1:]))
        elif line.strip() and items and isinstance(items[-1], Article):
            items[-1].paragraphs.append(line.strip())
    return ParsedPage(source=source, text=text, meta=meta, items=items)


def page_text(*header: str, articles: tuple[str, ...] = ("# 标题 ", "正文。")) -> str:
    """A toy page: the header lines, then the article lines."""
    return "\n".join([*header, *articles]) + "\n"


FRONT = page_text(
    "paper: 测试日报",
    "date: 2020-04-08",
    "page: 1",
    "issue: 100",
    "count: 4",
    articles=("# 头条 >二", "第一段。", "第二段。", "!图为会议现场 本报记者 张三 摄", "# 简讯", "简讯正文。"),
)
INNER = page_text(
    "page: 第二版", articles=("# 其他 <1", "别的正文。", "# 头条 <一", "续完的正文。", "# 独立", "独立正文。")
)

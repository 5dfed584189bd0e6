"""Markup and links in a page or a query are shown as the characters they are, from import to every view.

End to end: a page with a script tag, an image with an onerror handler, a Markdown javascript: link, a
spreadsheet formula and HTML entities is imported, stored verbatim, rendered in the reading pane, found by the
search (snippet, title, tooltip), printed by the command line, and quoted in the search dock's messages.
"Shown as text" is checked the way Qt shows it: the HTML given to Qt, read back as plain text, must be the
original characters. Unit cases of the renderer's escaping are in test_render.py; markup in notes and their
exports in test_ui_notes_docks.py, test_ui_notes.py and test_notes_exchange.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader import cli
from reader.library import ArticleRecord, Library
from reader.search.query import QueryError, parse_query
from tests.helpers import import_pages

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=y>"
LINK = "[link](javascript:x)"
FORMULA = "=cmd|' /C calc'!A0"
ENTITY = "&lt;b&gt;不是标签&amp;"
TITLE = f"警惕{SCRIPT}网络诈骗"
PAGE = (
    "许昌日报\n2020年4月8日 星期三 第9158期 今日8版\n\n"
    f"{TITLE}\n\n"
    f"本报讯（记者 王利辉）市民收到短信{IMG}，点开{LINK}后，表格里出现{FORMULA}，页面写着{ENTITY}。\n\n"
    '<b>加粗</b>的文字也只是文字，<a href="javascript:alert(2)">链接</a>同样。\n'
)
# What the body keeps of them after reflow (which only turns ASCII punctuation in Chinese text full-width).
IN_BODY = [IMG, "[link]", "javascript:x", FORMULA, "&lt;b&gt", "&amp", "<b>加粗</b>", "<a href=", "</a>"]
# The page's own tags, as they would appear if they reached Qt as markup (the renderer's own <a name=...> may).
RAW_TAGS = ("<script", "<img", "<b>加粗", '<a href="javascript', 'javascript:alert(2)">')


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    folder = tmp_path / "papers" / "许昌日报" / "2020" / "04" / "08"
    folder.mkdir(parents=True)
    (folder / "01.txt").write_text(PAGE, encoding="utf-8")
    with Library(tmp_path / "lib") as lib:
        report = import_pages(lib, [tmp_path / "papers"])
        assert report.added == 1 and not report.skipped
        yield lib


def _article(lib: Library) -> ArticleRecord:
    (issue,) = lib.issues()
    (page,) = lib.pages(issue.id)
    (article,) = lib.articles(page.id)
    return article


def plain(html_text: str) -> str:
    """What Qt shows for a piece of rich text."""
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setHtml(html_text)
    return doc.toPlainText()


def shown(text: str, rich: bool | None = None) -> str:
    """What a QLabel or tooltip shows for ``text``: rich text when told so, or when Qt guesses so (AutoText)."""
    from PySide6.QtGui import Qt

    if rich is None:
        rich = Qt.mightBeRichText(text)
    return plain(text) if rich else text


def test_the_library_stores_markup_verbatim(library: Library) -> None:
    (issue,) = library.issues()
    (page,) = library.pages(issue.id)
    assert page.text == PAGE
    article = _article(library)
    assert article.title == TITLE
    for piece in IN_BODY:
        assert piece in article.body, piece


def test_the_reading_pane_shows_markup_as_text(library: Library, qapp: object) -> None:
    from reader.ui.render import render_article, render_block, render_original

    article = _article(library)
    html_text = render_article([article], paper="许昌日报<i>", date="2020-04-08", page_label="1").html
    body = html_text.split("<body>", 1)[1]
    for raw in RAW_TAGS:
        assert raw not in body, raw
    text = plain(html_text)
    assert TITLE in text and "许昌日报<i>" in text
    for piece in IN_BODY:
        assert piece in text, piece
    (page,) = library.pages(article.issue_id)
    original = render_original(page.text, article.spans)
    assert PAGE.strip() in plain(original)
    for raw in RAW_TAGS:
        assert raw not in original.split("<body>", 1)[1], raw
    assert PAGE.strip() in plain(render_block("noise", PAGE))


def _search(lib: Library, query: str) -> object:
    from reader.search import SearchService

    with SearchService(lib.folder) as service:
        service.sync(lib)
        return service.search(query)


def test_search_snippets_titles_and_tooltips_show_markup_as_text(library: Library, qapp: object) -> None:
    from PySide6.QtCore import Qt

    from reader.ui.search_dock import HitDelegate, SearchResultsModel, snippet_html

    for query in ("短信", "网络诈骗", "不是标签", "alert"):
        result = _search(library, query)
        assert not result.error and result.total == 1, query  # type: ignore[attr-defined]
        (hit,) = result.hits  # type: ignore[attr-defined]
        assert hit.title == TITLE
        snippet = snippet_html(hit.snippet, list(hit.snippet_hits))
        for raw in RAW_TAGS:
            assert raw not in snippet, raw
        assert plain(snippet) == hit.snippet  # every character shown, none eaten as markup
        doc = HitDelegate()._document(hit, 600)
        assert doc.toPlainText().startswith(TITLE)
        model = SearchResultsModel()
        model.reset([hit], 1, None)
        tooltip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
        assert shown(tooltip) == hit.snippet
    assert any("<img" in h.snippet or "&lt;" in h.snippet for h in _search(library, "短信").hits)  # type: ignore[attr-defined]


def test_the_command_line_prints_markup_as_text(library: Library, capsys: pytest.CaptureFixture[str]) -> None:
    article = _article(library)
    library_dir = str(library.folder)
    assert cli.main(["show", "--library", library_dir, "--article", str(article.id)]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert TITLE in out
    for piece in IN_BODY:
        assert piece in out, piece
    assert "&amp;lt;" not in out  # not escaped for a browser either: a terminal shows characters
    (page,) = library.pages(article.issue_id)
    assert cli.main(["show", "--library", library_dir, "--page", str(page.id)]) == cli.EXIT_OK
    assert PAGE in capsys.readouterr().out


def _query_error(query: str) -> str:
    with pytest.raises(QueryError) as info:
        parse_query(query)
    return str(info.value)


@pytest.mark.parametrize(
    "query",
    [
        "date:<b>2020</b>",  # the message quotes the query: an HTML tag
        'title:<img"src=x>',  # a tag with a quote
        '许昌"日报',  # no tag but quotes, which html.escape turns into entities that a plain label shows raw
        "date:&lt;2020",  # an entity, which a rich label would turn into "<"
    ],
)
def test_the_search_dock_shows_a_query_error_as_text(query: str, qtbot, library: Library) -> None:  # type: ignore[no-untyped-def]
    from reader.ui.search_dock import SearchDock

    dock = SearchDock([])
    qtbot.addWidget(dock)
    message = _query_error(query)
    result = _search(library, query)
    assert result.error == message  # type: ignore[attr-defined]
    dock.show_result(result)
    assert shown(dock.status.text(), rich=_rich(dock.status)) == message
    dock.show_error(f"the search failed: {IMG} {message}")
    assert shown(dock.status.text(), rich=_rich(dock.status)) == f"the search failed: {IMG} {message}"


def _rich(label: object) -> bool | None:
    """True/False when the label's format decides, None when Qt guesses from the text (AutoText)."""
    from PySide6.QtCore import Qt

    fmt = label.textFormat()  # type: ignore[attr-defined]
    if fmt == Qt.TextFormat.AutoText:
        return None
    return fmt != Qt.TextFormat.PlainText


def test_plain_and_rich_label_checks_can_fail(qapp: object) -> None:
    """The helpers must tell markup read as HTML from text shown as typed."""
    assert shown(f"x{IMG}<b>y</b>") != f"x{IMG}<b>y</b>"
    assert shown("&#x27;a&#x27;") == "&#x27;a&#x27;"  # AutoText without a tag: the entity is shown raw
    assert shown("&lt;b&gt;") == "<b>"
    assert shown("<b>y</b>", rich=False) == "<b>y</b>"


def test_the_command_line_does_not_pass_terminal_escapes_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A few control characters pass the decoder (under 5%); in a terminal they are commands, not text."""
    folder = tmp_path / "papers"
    folder.mkdir()
    body = "本报讯（记者 王利辉）" + "正文内容，" * 40 + "\x1b[2J\x1b[31m红字。"
    (folder / "01.txt").write_text(f"许昌日报\n2020年4月8日\n\n标题\x1b]0;pwned\x07\n\n{body}\n", "utf-8")
    with Library(tmp_path / "lib") as lib:
        import_pages(lib, [folder])
        article = _article(lib)
    assert "\x1b" in (article.title or "") + article.body  # stored verbatim
    assert cli.main(["show", "--library", str(tmp_path / "lib"), "--article", str(article.id)]) == cli.EXIT_OK
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out


def test_contents_tooltips_show_page_markup_as_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from reader.library.records import TocEntry
    from reader.ui.toc_model import TocModel

    model = TocModel()
    entry = TocEntry("article", 1, 1, 0, "<b>粗体</b>标题", None, None, "<img src=x>", None, 10, None, None, "正文")
    model.set_entries([entry])
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;粗体&lt;/b&gt;" in tip and "&lt;img src=x&gt;" in tip
    assert "<b>" not in tip and "<img" not in tip

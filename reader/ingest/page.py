"""Parse one page of OCR text: metadata with provenance, then articles and blocks."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from reader.ingest import cues
from reader.ingest.labels import normalize_page_label
from reader.ingest.masthead import MastheadHit, merge_hits, scan_block
from reader.ingest.model import Block, BlockKind, PageMeta, ParsedPage, Source
from reader.ingest.papers import PaperDirectory
from reader.ingest.pathhints import PathHints, hints_from_path
from reader.ingest.segment import PageSegmenter

if TYPE_CHECKING:
    from reader.ingest.layout import LayoutPage

log = logging.getLogger(__name__)

_WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
# Cues that only a front-page masthead carries (a page header "第2版" does not make a front page).
_FRONT_CUES = {"paper_name", "latin_name", "serial", "domain", "organ", "issue", "page_count", "publisher"}


class PageParser:
    """Reusable parser holding the paper directory and layout word lists."""

    def __init__(self, papers: PaperDirectory | None = None, layout: cues.Layout | None = None) -> None:
        self.papers = papers or PaperDirectory.default()
        self.layout = layout or cues.load_layout()
        self._hits: dict[str, MastheadHit] = {}

    def _scan(self, text: str) -> MastheadHit:
        hit = self._hits.get(text)
        if hit is None:
            hit = scan_block(text, self.papers)
            if len(self._hits) > 512:
                self._hits.clear()
            self._hits[text] = hit
        return hit

    def parse(self, text: str, source: str) -> ParsedPage:
        self._hits.clear()
        segmenter = PageSegmenter(self.layout, lambda t: bool(self._scan(t).cues))
        return self._finish(ParsedPage(source=source, text=text, meta=PageMeta(), items=segmenter.segment(text)))

    def parse_layout(self, layout: LayoutPage, source: str, source_kind: str) -> ParsedPage:
        """Parse a page laid out from its geometry (a PDF text layer or OCR lines): same model, plus regions."""
        from reader.ingest.layout import segment_layout

        self._hits.clear()
        segmenter = PageSegmenter(self.layout, lambda t: bool(self._scan(t).cues))
        items = segment_layout(layout, segmenter)
        page = ParsedPage(
            source=source, text=layout.text, meta=PageMeta(), items=items, source_kind=source_kind,
            page_size=layout.page_size, size_unit=layout.size_unit, raw_text=layout.raw_text, lines=layout.lines,
        )  # fmt: skip
        return self._finish(page)

    def is_masthead(self, text: str) -> bool:
        """Does this text carry masthead facts (paper name, serial number, organ line...)?"""
        return bool(self._scan(text).cues & _FRONT_CUES)

    def _finish(self, page: ParsedPage) -> ParsedPage:
        items = page.items
        masthead_texts = [b.text for b in items if isinstance(b, Block) and b.kind == BlockKind.MASTHEAD]
        hints = hints_from_path(page.source)
        hit = merge_hits((self._scan(t) for t in masthead_texts), year_hint=hints.year)
        self._fill_meta(page, hit, hints)
        return page

    def _fill_meta(self, page: ParsedPage, hit: MastheadHit, hints: PathHints) -> None:
        meta = page.meta
        # Paper: the directory's cues in the masthead, then the folder name, then a bare "XX日报" line.
        if hit.paper and hit.paper_cue != "guess":
            meta.set("paper", hit.paper, Source.MASTHEAD)
        elif hints.paper:
            known = self.papers.identify(hints.paper)
            meta.set("paper", known[0] if known else hints.paper, Source.PATH)
        elif hit.paper:
            meta.set("paper", hit.paper, Source.MASTHEAD)
        # Date: printed Gregorian, then lunar (+ weekday, + the path's year), then the path.
        date = hit.date
        if date is not None:
            meta.set("date", date, hit.date_source or Source.MASTHEAD)
            if hints.date and hints.date != date:
                page.warnings.append(f"date in the text ({date}) differs from the path ({hints.date})")
            if hit.weekday is not None and hit.date_source != Source.LUNAR and date.weekday() != hit.weekday:
                # 中華民國二十五年五月三日 星期一: one of the two is misprinted or misread; the date is kept.
                message = f"printed weekday ({_WEEKDAYS[hit.weekday]}) does not fall on the printed date ({date})"
                page.warnings.append(message)
                meta.flags["weekday_conflict"] = {"printed_weekday": hit.weekday, "message": message}
        elif hints.date:
            meta.set("date", hints.date, Source.PATH)
        if hit.issue_number is not None:
            meta.set("issue_number", hit.issue_number, Source.MASTHEAD)
        if hit.page_count is not None:
            meta.set("page_count", hit.page_count, Source.MASTHEAD)
        # Page label: a printed page header, then the path, then "a page with a masthead is the front page".
        label = normalize_page_label(hit.page_label)
        if label:
            meta.set("page", label, Source.TEXT)
        elif hints.page_label:
            meta.set("page", hints.page_label, Source.PATH)
        elif hit.cues & _FRONT_CUES:
            meta.set("page", "1", Source.INFERRED)


_default_parser: PageParser | None = None


def parse_page(text: str, source: str, papers: PaperDirectory | None = None) -> ParsedPage:
    """Parse one page; ``source`` is the path as given (its names hint at date, page and paper)."""
    global _default_parser
    if papers is not None:
        return PageParser(papers).parse(text, source)
    if _default_parser is None:
        _default_parser = PageParser()
    return _default_parser.parse(text, source)

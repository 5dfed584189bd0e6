"""Names the interface gives to the core's identifiers (block kinds, highlight colours) and the words the core
writes in files (the Markdown export of notes), in the interface language."""

from __future__ import annotations

from reader.notes.exchange import MarkdownLabels
from reader.ui.i18n import N_, tr, ui_language

# Block kinds (reader.ingest.model.BlockKind) as the interface names them; unknown kinds show as stored.
BLOCK_KINDS = {
    "masthead": N_("masthead"),
    "advert": N_("advert"),
    "index": N_("index"),
    "caption": N_("caption"),
    "footer": N_("footer"),
    "section": N_("section"),
    "table": N_("table"),
    "noise": N_("noise"),
    "other": N_("other"),
}

# Highlight colours (reader.notes.model.COLORS) by name.
COLOUR_NAMES = {"yellow": N_("yellow"), "green": N_("green"), "blue": N_("blue"), "pink": N_("pink")}


def kind_label(kind: str | None) -> str:
    """"advert" -> "广告" in a Chinese interface; an empty kind is "other"."""
    kind = (kind or "").strip() or "other"
    return tr(BLOCK_KINDS.get(kind, kind))


def colour_label(colour: str) -> str:
    """"yellow" -> "黄色" in a Chinese interface."""
    return tr(COLOUR_NAMES.get(colour, colour))


def markdown_labels() -> MarkdownLabels:
    """The Markdown export's words and citation convention in the interface language."""
    return MarkdownLabels(
        title=tr("Notes"),
        exported=tr("Exported from newsreader on {date}: {what}."),
        bookmarks=(tr("{n} bookmark"), tr("{n} bookmarks")),
        highlights=(tr("{n} highlight"), tr("{n} highlights")),
        notes=(tr("{n} article note"), tr("{n} article notes")),
        separator=tr(", "),
        bookmark=tr("Bookmark"),
        folder=tr("folder: {folder}"),
        note=tr("Note: "),
        orphaned_title=tr("Orphaned notes"),
        orphaned_text=tr("Their article is no longer in the library; the quoted text is kept."),
        untitled=tr("(untitled)"),
        language=ui_language(),
    )

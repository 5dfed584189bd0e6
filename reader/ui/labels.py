"""Words the core writes in files (the Markdown export of notes), in the interface language."""

from __future__ import annotations

from reader.notes.exchange import MarkdownLabels
from reader.ui.i18n import register, tr, ui_language

register({
    "Notes": "笔记",
    "Exported from newsreader on {date}: {what}.": "{date} 自报纸阅读器导出：{what}。",
    "{n} bookmark": "{n} 个书签",
    "{n} bookmarks": "{n} 个书签",
    "{n} highlight": "{n} 处划线",
    "{n} highlights": "{n} 处划线",
    "{n} article note": "{n} 条文章笔记",
    "{n} article notes": "{n} 条文章笔记",
    ", ": "，",
    "Bookmark": "书签",
    "folder: {folder}": "文件夹：{folder}",
    "Note: ": "笔记：",
    "Orphaned notes": "失去位置的笔记",
    "Their article is no longer in the library; the quoted text is kept.": "其文章已不在资料库中；引文已保留。",
    "(untitled)": "（无标题）",
})


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

"""Every keyboard shortcut in one table: the menus take their keys from it and the help dialog lists it."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from reader.ui.i18n import register, tr

# (name, key sequence, description)
SHORTCUTS: list[tuple[str, str, str]] = [
    ("Import files", "Ctrl+O", "Import page files"),
    ("Import folder", "Ctrl+Shift+O", "Import a folder of pages"),
    ("Search", "Ctrl+K", "Search the archive"),
    ("Next hit", "F3", "Next search hit in the article"),
    ("Previous hit", "Shift+F3", "Previous search hit in the article"),
    ("Find", "Ctrl+F", "Find in the current article"),
    ("Back", "Alt+Left", "Back in history"),
    ("Forward", "Alt+Right", "Forward in history"),
    ("Previous article", "Ctrl+Up", "Previous article of the issue"),
    ("Next article", "Ctrl+Down", "Next article of the issue"),
    ("Previous page", "Ctrl+PgUp", "Previous page of the issue"),
    ("Next page", "Ctrl+PgDown", "Next page of the issue"),
    ("Previous issue", "Ctrl+Shift+PgUp", "Previous issue of the same paper"),
    ("Next issue", "Ctrl+Shift+PgDown", "Next issue of the same paper"),
    ("Go to date", "Ctrl+G", "Go to the issue of a date"),
    ("Larger text", "Ctrl+=", "Larger text"),
    ("Smaller text", "Ctrl+-", "Smaller text"),
    ("Original text", "Ctrl+U", "Show the page's original OCR text"),
    ("Focus mode", "F11", "Focus mode: the article alone, full screen (Esc leaves)"),
    ("Read One &Article", "Ctrl+1", "Read one article at a time"),
    ("Read the Whole &Page", "Ctrl+2", "Read the whole page in one scroll"),
    ("Read the Whole &Issue", "Ctrl+3", "Read the whole issue in one scroll"),
    ("Page on", "Space", "Read on: a screen down, then the next article and page (also PgDown)"),
    ("Page back", "Shift+Space", "Read back: a screen up, then the end of the previous article (also PgUp)"),
    ("Copy with citation", "Ctrl+Shift+C", "Copy the selection with a citation"),
    ("Copy article", "Ctrl+Shift+A", "Copy the whole article with a citation"),
    ("Bookmark", "Ctrl+D", "Bookmark the article (again: remove the bookmark)"),
    ("Highlight", "Ctrl+Shift+H", "Highlight the selection (colour used last)"),
    ("Note", "Ctrl+Shift+N", "Write a note on the selection, or on the article"),
    ("Undo", "Ctrl+Z", "Undo the last change to notes and bookmarks"),
    ("Redo", "Ctrl+Shift+Z", "Redo it"),
    ("Shortcuts", "F1", "This list"),
]

register({
    "Keyboard Shortcuts": "快捷键",
    "Key": "按键",
    "Action": "功能",
    "Import page files": "导入版面文件",
    "Import a folder of pages": "导入版面文件夹",
    "Search the archive": "检索全部报纸",
    "Next search hit in the article": "文章中的下一处命中",
    "Previous search hit in the article": "文章中的上一处命中",
    "Find in the current article": "在当前文章中查找",
    "Back in history": "后退",
    "Forward in history": "前进",
    "Previous article of the issue": "本期上一篇文章",
    "Next article of the issue": "本期下一篇文章",
    "Previous page of the issue": "本期上一版",
    "Next page of the issue": "本期下一版",
    "Previous issue of the same paper": "同一报纸的上一期",
    "Next issue of the same paper": "同一报纸的下一期",
    "Go to the issue of a date": "转到某日的报纸",
    "Larger text": "放大文字",
    "Smaller text": "缩小文字",
    "Show the page's original OCR text": "显示本版原始识别文本",
    "Copy the selection with a citation": "复制所选文字并附引文",
    "Copy the whole article with a citation": "复制全文并附引文",
    "This list": "本列表",
    "Bookmark the article (again: remove the bookmark)": "为本文加书签（再按一次：删除书签）",
    "Highlight the selection (colour used last)": "划线标注所选文字（用上次的颜色）",
    "Write a note on the selection, or on the article": "为所选文字或本文写笔记",
    "Undo the last change to notes and bookmarks": "撤销对笔记和书签的上一次更改",
    "Redo it": "重做",
    "Read one article at a time": "一次读一篇文章",
    "Read the whole page in one scroll": "整版文章连续阅读",
    "Read the whole issue in one scroll": "整期文章连续阅读",
    "Focus mode: the article alone, full screen (Esc leaves)": "专注阅读：全屏只显示文章（Esc 退出）",
    "Read on: a screen down, then the next article and page (also PgDown)": "往下读：下翻一屏，读完接下一篇、下一版（也可按 PgDown）",  # noqa: E501
    "Read back: a screen up, then the end of the previous article (also PgUp)": "往回读：上翻一屏，到顶回到上一篇末尾（也可按 PgUp）",  # noqa: E501
})


class ShortcutsDialog(QDialog):
    """Lists every shortcut with its key, in the interface language and the platform's key names."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Keyboard Shortcuts"))
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(SHORTCUTS), 2)
        self.table.setHorizontalHeaderLabels([tr("Key"), tr("Action")])
        for row, (_, key, description) in enumerate(SHORTCUTS):
            native = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
            self.table.setItem(row, 0, QTableWidgetItem(native))
            self.table.setItem(row, 1, QTableWidgetItem(tr(description)))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 640)

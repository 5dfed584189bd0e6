<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>newsreader</name>
        <message>
            <location filename="../../reader/app.py" />
            <source>Import your pages again (File ▸ Import Folder…): the recovered notes re-attach to their articles by themselves.</source>
            <translation>请重新导入版面（文件 ▸ 导入文件夹……）：恢复的笔记会自动重新对应到原文章。</translation>
        </message>
        <message>
            <location filename="../../reader/app.py" />
            <source>Library recovered</source>
            <translation>资料库已恢复</translation>
        </message>
        <message>
            <location filename="../../reader/app.py" />
            <source>The library database was damaged and could not be used ({reason}).</source>
            <translation>资料库数据库已损坏，无法使用（{reason}）。</translation>
        </message>
        <message>
            <location filename="../../reader/app.py" />
            <source>It has been kept aside as {path} (nothing was deleted), and a new, empty library was created.</source>
            <translation>已将其另存为 {path}（未删除任何内容），并新建了一个空资料库。</translation>
        </message>
        <message>
            <location filename="../../reader/app.py" />
            <source>No automatic backup of your notes and bookmarks was found.</source>
            <translation>未找到笔记和书签的自动备份。</translation>
        </message>
        <message>
            <location filename="../../reader/app.py" />
            <source>{n} notes and bookmarks were recovered from the automatic backup of {time} ({path}).</source>
            <translation>已从 {time} 的自动备份（{path}）恢复 {n} 条笔记和书签。</translation>
        </message>
        <message>
            <location filename="../../reader/app.py" />
            <source>{n} newer notes or changes could still be read from the damaged file and were recovered too.</source>
            <translation>另从损坏的文件中读出并恢复了 {n} 条较新的笔记或修改。</translation>
        </message>
        <message>
            <location filename="../../reader/app.py" />
            <source>They were on pages in {folders}.</source>
            <translation>它们所在的版面位于 {folders}。</translation>
        </message>
        <message>
            <location filename="../../reader/app.py" />
            <source>Library damaged</source>
            <translation>资料库已损坏</translation>
        </message>
        <message>
            <location filename="../../reader/app.py" />
            <source>Your notes and bookmarks could not be restored from the automatic backups: {error}</source>
            <translation>无法从自动备份恢复笔记和书签：{error}</translation>
        </message>
        <message>
            <location filename="../../reader/app.py" />
            <source>The library database is damaged ({reason}). Quit and start the reader again: the damaged file will be kept aside and your notes recovered from the latest automatic backup.</source>
            <translation>资料库数据库已损坏（{reason}）。请退出并重新启动阅读器：损坏的文件会被另存，笔记将从最近的自动备份恢复。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <source>No bookmarks yet. Bookmark an article from its context menu.</source>
            <translation>还没有书签。在文章的右键菜单中添加书签。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <location filename="../../reader/ui/issue_view.py" />
            <location filename="../../reader/ui/library_model.py" />
            <location filename="../../reader/ui/search_dock.py" />
            <location filename="../../reader/ui/series_dialog.py" />
            <source>(undated)</source>
            <translation>（日期不详）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <location filename="../../reader/ui/labels.py" />
            <location filename="../../reader/ui/search_dock.py" />
            <location filename="../../reader/ui/toc_model.py" />
            <source>(untitled)</source>
            <translation>（无标题）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <source>Orphaned: the article was not found when its page was imported again.</source>
            <translation>失去位置：重新导入该版面后找不到这篇文章。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <source>Bookmarks</source>
            <translation>书签</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <location filename="../../reader/ui/notes_controller.py" />
            <source>Rename bookmark</source>
            <translation>重命名书签</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <source>Name (empty: the article's title):</source>
            <translation>名称（留空则用文章标题）：</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <location filename="../../reader/ui/notes_controller.py" />
            <source>Move bookmark</source>
            <translation>移动书签</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <source>Folder (empty: no folder; “a/b” for a folder inside another):</source>
            <translation>文件夹（留空则不放入文件夹；“甲/乙”表示子文件夹）：</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <location filename="../../reader/ui/notes_controller.py" />
            <source>Rename folder</source>
            <translation>重命名文件夹</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <source>New name (“a/b” moves it into another folder):</source>
            <translation>新名称（“甲/乙”表示移入另一文件夹）：</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <source>Rename…</source>
            <translation>重命名……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <source>Move to Folder…</source>
            <translation>移到文件夹……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <location filename="../../reader/ui/notes_controller.py" />
            <location filename="../../reader/ui/notes_dock.py" />
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <source>Bookmarked at: “{quote}”</source>
            <translation>书签位置：“{quote}”</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <location filename="../../reader/ui/issue_view.py" />
            <location filename="../../reader/ui/library_dock.py" />
            <location filename="../../reader/ui/library_model.py" />
            <location filename="../../reader/ui/series_dialog.py" />
            <source>(unknown paper)</source>
            <translation>（报名不详）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <source>Rename Folder…</source>
            <translation>重命名文件夹……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <location filename="../../reader/ui/notes_dock.py" />
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <location filename="../../reader/ui/bookmarks_dock.py" />
            <location filename="../../reader/ui/labels.py" />
            <source>{n} bookmarks</source>
            <translation>{n} 个书签</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not a newspaper page</source>
            <translation>不是报纸版面</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not a path</source>
            <translation>不是路径</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not a valid path</source>
            <translation>路径无效</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not found</source>
            <translation>找不到</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not found (empty path)</source>
            <translation>找不到（路径为空）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not found (a parent of this path is not a folder)</source>
            <translation>找不到（路径中的上一级不是文件夹）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>symlink loop</source>
            <translation>符号链接循环</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>broken symlink</source>
            <translation>符号链接已失效</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>broken symlink (target {path} does not exist)</source>
            <translation>符号链接已失效（目标 {path} 不存在）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>permission denied</source>
            <translation>没有权限</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot access: {detail}</source>
            <translation>无法访问：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>is a directory</source>
            <translation>是文件夹</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not a regular file</source>
            <translation>不是普通文件</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not a regular file (named pipe)</source>
            <translation>不是普通文件（命名管道）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not a regular file (socket)</source>
            <translation>不是普通文件（套接字）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not a regular file (device)</source>
            <translation>不是普通文件（设备）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot open folder: permission denied</source>
            <translation>无法打开文件夹：没有权限</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot open folder: {detail}</source>
            <translation>无法打开文件夹：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>file name is not UTF-8 (GBK from Windows?): rename it to import it, e.g. convmv -f gbk -t utf8 -r --notest</source>
            <translation>文件名不是 UTF-8 编码（来自 Windows 的 GBK？）：请改名后再导入，例如 convmv -f gbk -t utf8 -r --notest</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>empty file</source>
            <translation>空文件</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>empty file (whitespace only)</source>
            <translation>空文件（只有空白）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>binary data (NUL character at position {position})</source>
            <translation>二进制数据（位置 {position} 处有 NUL 字符）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>binary data (NUL bytes at offset {offset})</source>
            <translation>二进制数据（偏移 {offset} 处有 NUL 字节）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>binary data ({percent} control characters)</source>
            <translation>二进制数据（{percent} 为控制字符）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>binary data or unknown encoding ({percent} of the characters are non-printable, private-use or replacement characters)</source>
            <translation>二进制数据或未知编码（{percent} 的字符为不可打印字符、私用区字符或替换字符）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>starts with a {encoding} byte-order mark but is not valid {encoding} (bad bytes at offset {offset})</source>
            <translation>以 {encoding} 字节顺序标记开头，却不是有效的 {encoding}（偏移 {offset} 处字节有误）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not decodable as UTF-8, UTF-16 or GB18030 ({reason}; {detail})</source>
            <translation>无法按 UTF-8、UTF-16 或 GB18030 解码（{reason}；{detail}）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>invalid UTF-8 byte 0x{byte} at offset {offset}</source>
            <translation>偏移 {offset} 处的字节 0x{byte} 不是有效的 UTF-8</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>invalid GB18030 bytes at offset {offset}</source>
            <translation>偏移 {offset} 处的字节不是有效的 GB18030</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>as GB18030 only {percent} of it looks like Chinese text</source>
            <translation>按 GB18030 解码只有 {percent} 像中文</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>file too large for one page ({size} &gt; {limit} limit)</source>
            <translation>文件太大，不能作为一个版面（{size}，上限 {limit}）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>file too large for one page (more than {limit} limit)</source>
            <translation>文件太大，不能作为一个版面（超过上限 {limit}）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>{n} bytes</source>
            <translation>{n} 字节</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot read: file not found (moved or deleted?)</source>
            <translation>无法读取：找不到文件（已移走或删除？）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot read: permission denied</source>
            <translation>无法读取：没有权限</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot read: symlink loop</source>
            <translation>无法读取：符号链接循环</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot read: a parent of this path is not a folder</source>
            <translation>无法读取：路径中的上一级不是文件夹</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot read: path too long</source>
            <translation>无法读取：路径太长</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot read: unexpected {kind}: {detail}</source>
            <translation>无法读取：意外错误 {kind}：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot read: {detail}</source>
            <translation>无法读取：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot read {path}: {detail}</source>
            <translation>无法读取 {path}：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>parser error: {kind}: {detail}</source>
            <translation>解析出错：{kind}：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>blank page (no text)</source>
            <translation>空白版面（没有文字）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>blank page (no text and no image)</source>
            <translation>空白版面（没有文字，也没有图像）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>blank page (no text and no ink)</source>
            <translation>空白版面（没有文字，也没有字迹）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>blank page (no text: the image is empty)</source>
            <translation>空白版面（没有文字：图像是空白的）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>damaged PDF page: {detail}</source>
            <translation>PDF 版面已损坏：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>no text found by OCR</source>
            <translation>OCR 未识别出文字</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>OCR unavailable: {detail}</source>
            <translation>无法使用 OCR：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>OCR failed: {kind}: {detail}</source>
            <translation>OCR 失败：{kind}：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>{reason}; OCR found no text</source>
            <translation>{reason}；OCR 未识别出文字</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>{reason}; OCR unavailable: {detail}</source>
            <translation>{reason}；无法使用 OCR：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>{reason}; OCR failed: {kind}: {detail}</source>
            <translation>{reason}；OCR 失败：{kind}：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>no page {n} in {path}</source>
            <translation>{path} 中没有第 {n} 页</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>encrypted PDF: needs a password</source>
            <translation>加密的 PDF：需要密码</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>encrypted PDF: unsupported security scheme</source>
            <translation>加密的 PDF：不支持的加密方式</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>damaged PDF: not a readable PDF file</source>
            <translation>PDF 已损坏：不是可读取的 PDF 文件</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>damaged PDF: {detail}</source>
            <translation>PDF 已损坏：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot read: file not found or unreadable</source>
            <translation>无法读取：文件不存在或无法读取</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>PDF has {n} pages (more than the {limit}-page limit)</source>
            <translation>PDF 有 {n} 页（超过 {limit} 页的上限）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>text layer unreadable ({percent}% private-use or unmapped glyphs)</source>
            <translation>文字层无法读取（{percent}% 为私用区字形或无法对应文字的字形）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>no text layer (image only)</source>
            <translation>没有文字层（只有图像）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>no text layer (text drawn as outlines, or drawings only)</source>
            <translation>没有文字层（文字为轮廓曲线，或只有图形）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not a readable image (unknown format or damaged header)</source>
            <translation>不是可读取的图像（格式不明或文件头已损坏）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>damaged image: truncated file ({detail})</source>
            <translation>图像已损坏：文件不完整（{detail}）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>damaged image: size {width} × {height} px</source>
            <translation>图像已损坏：尺寸为 {width} × {height} 像素</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>damaged image: {detail}</source>
            <translation>图像已损坏：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>image too large ({width} × {height} px, limit {limit})</source>
            <translation>图像太大（{width} × {height} 像素，上限 {limit}）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>image too large ({detail})</source>
            <translation>图像太大（{detail}）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>image too large to decode in memory</source>
            <translation>图像太大，内存不够解码</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>image has {n} frames (more than the {limit}-page limit)</source>
            <translation>图像有 {n} 帧（超过 {limit} 页的上限）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>{n} megapixels</source>
            <translation>{n} 百万像素</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>OCR is not installed ({module} missing): pip install rapidocr onnxruntime</source>
            <translation>未安装 OCR（缺少 {module}）：pip install rapidocr onnxruntime</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>OCR model missing from the rapidocr package: {path}</source>
            <translation>rapidocr 包中缺少 OCR 模型：{path}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>the disk is full</source>
            <translation>磁盘已满</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>the library folder is read-only</source>
            <translation>资料库文件夹是只读的</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>a file in the library folder cannot be created or opened (is the folder read-only?)</source>
            <translation>资料库文件夹中的文件无法创建或打开（文件夹是否只读？）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>the disk could not be written</source>
            <translation>无法写入磁盘</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>another program kept the library busy for too long</source>
            <translation>另一个程序占用资料库太久</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot create library folder {path}: {detail}</source>
            <translation>无法创建资料库文件夹 {path}：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot open library database {path}: {detail}</source>
            <translation>无法打开资料库数据库 {path}：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot open the library database {path}: {problem}</source>
            <translation>无法打开资料库数据库 {path}：{problem}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>{path} is not a usable library database: {detail}</source>
            <translation>{path} 不是可用的资料库数据库：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>this library uses schema version {version}, but this version of newsreader only knows up to {known}: please use a newer newsreader</source>
            <translation>此资料库的数据结构为第 {version} 版，而这一版 newsreader 最多只认识第 {known} 版：请使用更新的 newsreader</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot write {source} to the library: {problem}. Pages imported before it are complete; import again once this is fixed to go on</source>
            <translation>无法将 {source} 写入资料库：{problem}。在它之前导入的版面都已完整保存；问题解决后再次导入即可继续</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>no page with id {id}</source>
            <translation>没有编号为 {id} 的版面</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>no issue with id {id}</source>
            <translation>没有编号为 {id} 的一期</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>a correction applies to a page or an issue, not {kind}</source>
            <translation>更正只适用于版面或一期报纸，不适用于 {kind}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot correct {field} of a {kind}; choose one of {fields}</source>
            <translation>不能更正 {kind} 的 {field}；可选：{fields}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not a date (use YYYY-MM-DD): {value}</source>
            <translation>不是日期（请用 YYYY-MM-DD）：{value}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>{field} must be a whole number: {value}</source>
            <translation>{field} 必须是整数：{value}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>{field} cannot be negative: {value}</source>
            <translation>{field} 不能为负数：{value}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot read the library database: {detail}</source>
            <translation>无法读取资料库数据库：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>the library database {path} is damaged and could not be moved aside: {detail}</source>
            <translation>资料库数据库 {path} 已损坏，且无法移到一旁：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>quick_check failed</source>
            <translation>完整性检查（quick_check）未通过</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not a notes file: the JSON cannot be read ({detail})</source>
            <translation>不是笔记文件：无法读取其中的 JSON（{detail}）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not a notes file: it has no "format": "{format}"</source>
            <translation>不是笔记文件：其中没有 "format": "{format}"</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not a notes file: its version is missing or not a number</source>
            <translation>不是笔记文件：版本号缺失或不是数字</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>this notes file has version {version}: it needs a newer newsreader (this reads {known})</source>
            <translation>此笔记文件的版本为 {version}：需要更新的 newsreader（这一版只能读取第 {known} 版）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>this notes file has an unknown version {version}</source>
            <translation>此笔记文件的版本 {version} 无法识别</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not a notes file: "annotations" is missing or not a list</source>
            <translation>不是笔记文件："annotations" 缺失或不是列表</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>could not import the notes (nothing was changed): {detail}</source>
            <translation>无法导入笔记（未做任何更改）：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>unknown export format {format}: use json, md, csv, ris or bib</source>
            <translation>未知的导出格式 {format}：请用 json、md、csv、ris 或 bib</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>record {n} ({uid}): {reason}</source>
            <translation>第 {n} 条记录（{uid}）：{reason}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>record {n}: {reason}</source>
            <translation>第 {n} 条记录：{reason}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>{field} must be an ISO date and time, not {kind}</source>
            <translation>{field} 必须是 ISO 格式的日期时间，而不是 {kind}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>{field} is not an ISO date and time: {value}</source>
            <translation>{field} 不是 ISO 格式的日期时间：{value}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>{field} must be text, not {kind}</source>
            <translation>{field} 必须是文本，而不是 {kind}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>{field} must be a character offset (a whole number ≥ 0), not {value}</source>
            <translation>{field} 必须是字符位置（≥ 0 的整数），而不是 {value}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>article_spans must be a list of [start, end] pairs, not {kind}</source>
            <translation>article_spans 必须是 [start, end] 对的列表，而不是 {kind}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>article_spans has a bad span {span} (want [start, end] with 0 ≤ start ≤ end)</source>
            <translation>article_spans 中的区间 {span} 有误（应为 [start, end]，且 0 ≤ start ≤ end）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not an object but {kind}</source>
            <translation>不是对象，而是 {kind}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>missing {fields}</source>
            <translation>缺少 {fields}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>missing uid</source>
            <translation>缺少 uid</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>unknown kind {kind} (one of {kinds})</source>
            <translation>未知的类型 {kind}（可选：{kinds}）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>date must be YYYY-MM-DD, not {value}</source>
            <translation>date 必须是 YYYY-MM-DD 格式，而不是 {value}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>unknown status {status} (one of {statuses})</source>
            <translation>未知的状态 {status}（可选：{statuses}）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>unknown highlight colour {colour} (one of {colours})</source>
            <translation>未知的划线颜色 {colour}（可选：{colours}）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>bad position {start}..{end} (want both empty, or start ≤ end)</source>
            <translation>位置 {start}..{end} 有误（应都为空，或 start ≤ end）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>a highlight needs its position (pos_start &lt; pos_end) and its quote</source>
            <translation>划线需要位置（pos_start &lt; pos_end）和所划的原文</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>a whole-article note has no position</source>
            <translation>整篇文章的笔记没有位置</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>it is a {kind} in the file but a {other} here (same uid)</source>
            <translation>它在文件中是 {kind}，在这里却是 {other}（uid 相同）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>a highlight needs some text selected</source>
            <translation>划线前请先选中文字</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>no article with id {id} (was the page re-imported?)</source>
            <translation>没有编号为 {id} 的文章（版面是否重新导入过？）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot change {fields} of a note</source>
            <translation>不能更改笔记的 {fields}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>only highlights have a colour</source>
            <translation>只有划线才有颜色</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>choose a folder to rename</source>
            <translation>请选择要重命名的文件夹</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>no note or bookmark {uid}</source>
            <translation>没有笔记或书签 {uid}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>could not save the change: {problem}</source>
            <translation>无法保存更改：{problem}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>could not save the notes' new places: {problem}</source>
            <translation>无法保存笔记的新位置：{problem}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot create the search index folder {path}: {detail}</source>
            <translation>无法创建检索索引文件夹 {path}：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot open the search index {path}: {problem}</source>
            <translation>无法打开检索索引 {path}：{problem}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot create the search index {path}: {detail}</source>
            <translation>无法创建检索索引 {path}：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot update the search index: {problem}. What was indexed is kept; the index catches up on the next import, search or reindex once this is fixed</source>
            <translation>无法更新检索索引：{problem}。已编入索引的内容会保留；问题解决后，下次导入、检索或重建索引时会自动补上</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>the search failed: {detail}</source>
            <translation>检索失败：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>the search index is damaged: run 'newsreader reindex'</source>
            <translation>检索索引已损坏：请运行 'newsreader reindex'</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>unknown sort {sort}: use relevance, newest or oldest</source>
            <translation>未知的排序方式 {sort}：请用 relevance、newest 或 oldest</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>the date range ends before it starts</source>
            <translation>日期范围的结束早于开始</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>a quotation mark is not closed: {text}; add the closing "</source>
            <translation>引号没有配对：{text}；请补上后引号 "</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>'{field}:' needs a value right after the colon, e.g. {example}</source>
            <translation>'{field}:' 的冒号后面要紧跟检索的内容，例如 {example}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>'{field}:' needs a value, e.g. {example}</source>
            <translation>'{field}:' 后面要有检索的内容，例如 {example}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>no kind {text}: use one of {names}, or block for any of them but article</source>
            <translation>没有 {text} 这种类型：请用 {names} 之一，或用 block 表示文章以外的任何类型</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>a quotation mark inside a word: {word}; put the whole phrase in quotes</source>
            <translation>词语中间有引号：{word}；请把整个短语放在引号里</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>AND needs a word on each side (words separated by spaces must all match)</source>
            <translation>AND 两边都要有词（用空格隔开的词须全部出现）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>OR needs a word on each side, e.g. 许昌 OR 郑州</source>
            <translation>OR 两边都要有词，例如 许昌 OR 郑州</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>NOT needs a word after it, e.g. 许昌 NOT 郑州</source>
            <translation>NOT 后面要有词，例如 许昌 NOT 郑州</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>the query ends too early</source>
            <translation>检索式没有写完</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>{operator} cannot stand here; search it as a word with quotes: "{operator}"</source>
            <translation>{operator} 不能用在这里；要把它当作词来检索，请加引号："{operator}"</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>too many search terms (more than {limit})</source>
            <translation>检索词太多（超过 {limit} 个）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>an empty phrase "" finds nothing: put words between the quotes</source>
            <translation>空引号 "" 什么也找不到：请在引号之间写上词</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>not a date: {text}; write date:2020, date:2020-04, date:2020-04-01 or date:2020-04..2020-06</source>
            <translation>不是日期：{text}；请写 date:2020、date:2020-04、date:2020-04-01 或 date:2020-04..2020-06</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>no month {month} in {text}: months go from 1 to 12</source>
            <translation>{text} 中没有 {month} 月：月份为 1 到 12</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>no such day: {text}</source>
            <translation>没有这一天：{text}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>a date range needs at least one end, e.g. date:2020-04..2020-06</source>
            <translation>日期范围至少要有一头，例如 date:2020-04..2020-06</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>the date range {text} ends before it starts</source>
            <translation>日期范围 {text} 的结束早于开始</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>the query must be text</source>
            <translation>检索式必须是文本</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>the query is too long (more than {limit} characters)</source>
            <translation>检索式太长（超过 {limit} 个字符）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>the query nests too deeply (too many NOTs in a row)</source>
            <translation>检索式嵌套太深（连续的 NOT 太多）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>cannot read this query ({kind}); try simpler words</source>
            <translation>无法理解这个检索式（{kind}）；请换用简单一些的词</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>the {process} process stopped unexpectedly (exit code {code})</source>
            <translation>{process} 进程意外停止（退出码 {code}）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>No such file or directory</source>
            <translation>文件或文件夹不存在</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>Permission denied</source>
            <translation>没有权限</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>Operation not permitted</source>
            <translation>不允许此操作</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>No space left on device</source>
            <translation>磁盘空间不足</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>Read-only file system</source>
            <translation>文件系统是只读的</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>Is a directory</source>
            <translation>是文件夹</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>Not a directory</source>
            <translation>不是文件夹</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>Disk quota exceeded</source>
            <translation>超出磁盘配额</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>Too many open files</source>
            <translation>打开的文件太多</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>Input/output error</source>
            <translation>读写错误</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>File name too long</source>
            <translation>文件名太长</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>Too many levels of symbolic links</source>
            <translation>符号链接层数太多</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>Device or resource busy</source>
            <translation>设备或资源忙</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>Invalid argument</source>
            <translation>参数无效</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>[Errno {errno}] {reason}: {path}</source>
            <translation>{reason}：{path}（Errno {errno}）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>[Errno {errno}] {reason}</source>
            <translation>{reason}（Errno {errno}）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>database is locked</source>
            <translation>数据库已被锁定</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>database or disk is full</source>
            <translation>数据库或磁盘已满</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>disk I/O error</source>
            <translation>磁盘读写错误</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>attempt to write a readonly database</source>
            <translation>试图写入只读的数据库</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>unable to open database file</source>
            <translation>无法打开数据库文件</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>file is not a database</source>
            <translation>文件不是数据库</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>database disk image is malformed</source>
            <translation>数据库文件已损坏</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>NotesError: {reason}</source>
            <translation>{reason}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>LibraryError: {reason}</source>
            <translation>{reason}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>SearchIndexError: {reason}</source>
            <translation>{reason}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/core_messages.py" />
            <source>{what}: {detail}</source>
            <translation>{what}：{detail}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/corrections_dialog.py" />
            <source>Correct Metadata</source>
            <translation>更正报刊信息</translation>
        </message>
        <message>
            <location filename="../../reader/ui/corrections_dialog.py" />
            <source>Issue</source>
            <translation>本期</translation>
        </message>
        <message>
            <location filename="../../reader/ui/corrections_dialog.py" />
            <location filename="../../reader/ui/go_to_date.py" />
            <source>Paper</source>
            <translation>报纸</translation>
        </message>
        <message>
            <location filename="../../reader/ui/corrections_dialog.py" />
            <source>Date (YYYY-MM-DD)</source>
            <translation>日期（年-月-日）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/corrections_dialog.py" />
            <source>Issue number</source>
            <translation>期号</translation>
        </message>
        <message>
            <location filename="../../reader/ui/corrections_dialog.py" />
            <source>This page</source>
            <translation>本版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/corrections_dialog.py" />
            <source>Page label</source>
            <translation>版次</translation>
        </message>
        <message>
            <location filename="../../reader/ui/corrections_dialog.py" />
            <source>Must be a whole number.</source>
            <translation>须为整数。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/corrections_dialog.py" />
            <source>from {source}</source>
            <translation>来源：{source}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/corrections_dialog.py" />
            <source>Not a date: use YYYY-MM-DD.</source>
            <translation>日期格式不对：请用 年-月-日（YYYY-MM-DD）。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/find_bar.py" />
            <source>Find in article</source>
            <translation>在文中查找</translation>
        </message>
        <message>
            <location filename="../../reader/ui/find_bar.py" />
            <source>Previous match (Shift+Enter)</source>
            <translation>上一处 (Shift+Enter)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/find_bar.py" />
            <source>Next match (Enter)</source>
            <translation>下一处 (Enter)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/find_bar.py" />
            <source>Close (Esc)</source>
            <translation>关闭 (Esc)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/find_bar.py" />
            <source>No matches</source>
            <translation>无匹配</translation>
        </message>
        <message>
            <location filename="../../reader/ui/find_bar.py" />
            <source>{n} of {m}</source>
            <translation>第 {n} 处，共 {m} 处</translation>
        </message>
        <message>
            <location filename="../../reader/ui/go_to_date.py" />
            <source>Go to Date</source>
            <translation>转到日期</translation>
        </message>
        <message>
            <location filename="../../reader/ui/go_to_date.py" />
            <source>Date</source>
            <translation>日期</translation>
        </message>
        <message>
            <location filename="../../reader/ui/go_to_date.py" />
            <source>The library has no dated issue of this paper.</source>
            <translation>资料库中这份报纸没有注明日期的一期。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/go_to_date.py" />
            <source>Nearest before: {date}</source>
            <translation>此前最近：{date}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/go_to_date.py" />
            <source>Nearest after: {date}</source>
            <translation>此后最近：{date}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/go_to_date.py" />
            <source>{paper} of {date}: No. {n}, {pages} pages</source>
            <translation>{paper} {date}：第{n}期，{pages}版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/go_to_date.py" />
            <source>{paper} of {date}: {pages} pages</source>
            <translation>{paper} {date}：{pages}版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/go_to_date.py" />
            <source>No issue of {paper} on {date}.</source>
            <translation>{paper} {date} 没有报纸。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>Importing</source>
            <translation>正在导入</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>Preparing…</source>
            <translation>准备中……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>Updating the search index…</source>
            <translation>正在更新检索索引……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>Import Pages</source>
            <translation>导入版面</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>Text files (*.txt);;All files (*)</source>
            <translation>文本文件 (*.txt);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>Import a Folder</source>
            <translation>导入文件夹</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>Import cancelled</source>
            <translation>导入已取消</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>Import finished</source>
            <translation>导入完成</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>Import failed</source>
            <translation>导入失败</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>{done} of {total} pages</source>
            <translation>{done} / {total} 版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>Pages added: {added}, replaced: {replaced}, unchanged: {unchanged}. Issues: {issues}. Articles: {articles}.</source>
            <translation>新增 {added} 版，替换 {replaced} 版，未变 {unchanged} 版。共 {issues} 期，{articles} 篇文章。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>about {eta} left</source>
            <translation>约剩 {eta}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>Pages found at a new place (the library follows them): {n}.</source>
            <translation>在新位置找到的版面（资料库已随之更新）：{n} 个。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>Copies of pages already in the library, not added: {n}.</source>
            <translation>资料库中已有的版面副本，未重复添加：{n} 个。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>Skipped files ({n}):</source>
            <translation>跳过的文件（{n} 个）：</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>{copy}: already in the library as {original}</source>
            <translation>{copy}：资料库中已有，即 {original}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>{n} {suffix} files: not newspaper pages</source>
            <translation>{n} 个 {suffix} 文件：不是报纸版面</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>{path}: {reason}</source>
            <translation>{path}：{reason}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/import_flow.py" />
            <source>extension-less</source>
            <translation>无扩展名</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>Monday</source>
            <translation>星期一</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>Tuesday</source>
            <translation>星期二</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>Wednesday</source>
            <translation>星期三</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>Thursday</source>
            <translation>星期四</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>Friday</source>
            <translation>星期五</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>Saturday</source>
            <translation>星期六</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>Sunday</source>
            <translation>星期日</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>from the file path</source>
            <translation>取自文件路径</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>from another page of the issue</source>
            <translation>取自同期其他版面</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>from the lunar date</source>
            <translation>由农历推算</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>from the page text</source>
            <translation>取自版面正文</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>inferred</source>
            <translation>系推断</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>corrected by you</source>
            <translation>经用户更正</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <location filename="../../reader/ui/library_model.py" />
            <source>paper</source>
            <translation>报名</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>date</source>
            <translation>日期</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>issue number</source>
            <translation>期号</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>page count</source>
            <translation>版数</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>page number</source>
            <translation>版次</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>The printed weekday does not fall on the printed date.</source>
            <translation>所印星期与日期不符。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>Pages</source>
            <translation>版面</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>Contents</source>
            <translation>目录</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>Everything</source>
            <translation>版面全部内容</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>Articles only</source>
            <translation>只看文章</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>Show adverts, mastheads, captions and other blocks, or only the articles</source>
            <translation>显示广告、报头、图片说明等区块，或只显示文章</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>Printed date {printed} differs from the rest of this issue ({issue})</source>
            <translation>本版印的日期 {printed} 与同期其他版（{issue}）不同</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>: filed with it.</source>
            <translation>，已归入本期。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>: kept apart, its issue number differs.</source>
            <translation>，因期号不同而单列。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>1 page in the library</source>
            <translation>库中1版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>{articles} articles · {blocks} blocks</source>
            <translation>{articles}篇文章 · {blocks}个区块</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>{stored} of {n} pages in the library</source>
            <translation>库中{stored}版／共{n}版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>Correct the date…</source>
            <translation>更正日期……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>{field} {source}</source>
            <translation>{field}{source}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>{n} pages in the library</source>
            <translation>库中{n}版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <source>No issue open</source>
            <translation>未打开报纸</translation>
        </message>
        <message>
            <location filename="../../reader/ui/issue_view.py" />
            <location filename="../../reader/ui/library_model.py" />
            <source>No. {n}</source>
            <translation>第{n}期</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>masthead</source>
            <translation>报头</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>advert</source>
            <translation>广告</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>index</source>
            <translation>导读</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>caption</source>
            <translation>图片说明</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>footer</source>
            <translation>版尾</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>section</source>
            <translation>栏目</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>table</source>
            <translation>表格</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>noise</source>
            <translation>杂字</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>other</source>
            <translation>其他</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>yellow</source>
            <translation>黄色</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>green</source>
            <translation>绿色</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>blue</source>
            <translation>蓝色</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>pink</source>
            <translation>粉色</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <location filename="../../reader/ui/notes_dock.py" />
            <source>Notes</source>
            <translation>笔记</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>Exported from newsreader on {date}: {what}.</source>
            <translation>{date} 自报纸阅读器导出：{what}。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>, </source>
            <translation>，</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>Bookmark</source>
            <translation>书签</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>folder: {folder}</source>
            <translation>文件夹：{folder}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>Note: </source>
            <translation>笔记：</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>Orphaned notes</source>
            <translation>失去位置的笔记</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>Their article is no longer in the library; the quoted text is kept.</source>
            <translation>其文章已不在资料库中；引文已保留。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>{n} bookmark</source>
            <translation>{n} 个书签</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>{n} highlight</source>
            <translation>{n} 处划线</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>{n} highlights</source>
            <translation>{n} 处划线</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>{n} article note</source>
            <translation>{n} 条文章笔记</translation>
        </message>
        <message>
            <location filename="../../reader/ui/labels.py" />
            <source>{n} article notes</source>
            <translation>{n} 条文章笔记</translation>
        </message>
        <message>
            <location filename="../../reader/ui/layouts.py" />
            <source>Te&amp;xt Only</source>
            <translation>仅文字(&amp;X)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/layouts.py" />
            <source>Pa&amp;ge Only</source>
            <translation>仅版面(&amp;G)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/layouts.py" />
            <source>Side &amp;by Side</source>
            <translation>文字与版面并排(&amp;B)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_dock.py" />
            <source>Library</source>
            <translation>报刊库</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_dock.py" />
            <source>Select a paper to see its issues</source>
            <translation>选择报纸以查看各期</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_dock.py" />
            <source>Issues of {paper}</source>
            <translation>{paper} 各期</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>January</source>
            <translation>1月</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>February</source>
            <translation>2月</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>March</source>
            <translation>3月</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>April</source>
            <translation>4月</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>May</source>
            <translation>5月</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>June</source>
            <translation>6月</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>July</source>
            <translation>7月</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>August</source>
            <translation>8月</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>September</source>
            <translation>9月</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>October</source>
            <translation>10月</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>November</source>
            <translation>11月</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>December</source>
            <translation>12月</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>Mon</source>
            <translation>周一</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>Tue</source>
            <translation>周二</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>Wed</source>
            <translation>周三</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>Thu</source>
            <translation>周四</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>Fri</source>
            <translation>周五</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>Sat</source>
            <translation>周六</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>Sun</source>
            <translation>周日</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source> · </source>
            <translation> </translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>{weekday} {day}</source>
            <translation>{day}日 {weekday}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>{n} articles</source>
            <translation>{n} 篇文章</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>{stored}/{n} pp.</source>
            <translation>{stored}/{n}版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>{n} pp.</source>
            <translation>{n}版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>{n} issues</source>
            <translation>{n}期</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>Pages in the library: {stored}</source>
            <translation>库中版面：{stored}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>Articles: {n}</source>
            <translation>文章：{n}篇</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>Issue of unknown paper or date, from folder {folder}</source>
            <translation>报名或日期不详的一期，来自文件夹 {folder}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/library_model.py" />
            <source>Pages printed: {n}</source>
            <translation>当期版数：{n}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Highlights and notes go on the article's text, not on its headings: select text of the body, or use Note on This Article for a note on the whole article.</source>
            <translation>划线和笔记只能加在正文上，不能加在标题上：请选择正文中的文字；要为整篇文章写笔记，请用“为本文写笔记”。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Newspaper Reader</source>
            <translation>报纸阅读器</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Import &amp;Files…</source>
            <translation>导入文件(&amp;F)……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Import F&amp;older…</source>
            <translation>导入文件夹(&amp;O)……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Import the Bundled &amp;Samples</source>
            <translation>导入自带样例(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;Undo</source>
            <translation>撤销(&amp;U)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;Redo</source>
            <translation>重做(&amp;R)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Copy with &amp;Citation</source>
            <translation>带引文复制(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Copy &amp;Article with Citation</source>
            <translation>复制全文并附引文(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <location filename="../../reader/ui/reading_pane.py" />
            <source>Copy Citation</source>
            <translation>复制引文</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <location filename="../../reader/ui/reading_pane.py" />
            <source>Copy Citation as RIS (Zotero, EndNote)</source>
            <translation>复制 RIS 格式引文（Zotero、EndNote）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <location filename="../../reader/ui/reading_pane.py" />
            <source>Copy Citation as BibTeX</source>
            <translation>复制 BibTeX 格式引文</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;Find in Article…</source>
            <translation>在文章中查找(&amp;F)……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Correct Issue or Page &amp;Metadata…</source>
            <translation>更正报刊信息(&amp;M)……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;Go</source>
            <translation>转到(&amp;G)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;Back</source>
            <translation>后退(&amp;B)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;Forward</source>
            <translation>前进(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Previous Article</source>
            <translation>上一篇</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Next Article</source>
            <translation>下一篇</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Previous Page</source>
            <translation>上一版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Next Page</source>
            <translation>下一版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Previous Issue</source>
            <translation>上一期</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Next Issue</source>
            <translation>下一期</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Go to &amp;Date…</source>
            <translation>转到日期(&amp;D)……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;Serial Fiction…</source>
            <translation>连载小说(&amp;S)……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Larger Text</source>
            <translation>放大文字</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Smaller Text</source>
            <translation>缩小文字</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>More Line Spacing</source>
            <translation>增大行距</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Less Line Spacing</source>
            <translation>减小行距</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Choose Reading &amp;Font…</source>
            <translation>选择阅读字体(&amp;F)……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Theme</source>
            <translation>主题</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Script</source>
            <translation>字形</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;Focus Mode</source>
            <translation>专注阅读(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Leave Focus Mode</source>
            <translation>退出专注阅读</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Show &amp;Original OCR Text</source>
            <translation>显示原始识别文本(&amp;O)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;Notes</source>
            <translation>笔记(&amp;N)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Toggle &amp;Bookmark</source>
            <translation>加/删书签(&amp;B)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;Highlight Selection</source>
            <translation>划线标注所选文字(&amp;H)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;Note on Selection or Article…</source>
            <translation>为所选文字或本文写笔记(&amp;N)……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Export Notes as &amp;JSON…</source>
            <translation>导出笔记为 &amp;JSON……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Export Notes as &amp;Markdown…</source>
            <translation>导出笔记为 &amp;Markdown……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Export Notes as &amp;CSV…</source>
            <translation>导出笔记为 &amp;CSV（表格）……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Export Citations as &amp;RIS…</source>
            <translation>导出引文为 &amp;RIS……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Export Citations as &amp;BibTeX…</source>
            <translation>导出引文为 &amp;BibTeX……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;Import Notes…</source>
            <translation>导入笔记(&amp;I)……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;Search</source>
            <translation>检索(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Search the Archive</source>
            <translation>检索全部报纸</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Next Hit</source>
            <translation>下一处命中</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Previous Hit</source>
            <translation>上一处命中</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>&amp;Keyboard Shortcuts</source>
            <translation>快捷键(&amp;K)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Citation copied.</source>
            <translation>已复制引文。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Copied with citation.</source>
            <translation>已复制并附引文。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>JSON (*.json);;All files (*)</source>
            <translation>JSON (*.json);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Markdown (*.md);;All files (*)</source>
            <translation>Markdown (*.md);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>CSV (*.csv);;All files (*)</source>
            <translation>CSV (*.csv);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>RIS (*.ris);;All files (*)</source>
            <translation>RIS (*.ris);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>BibTeX (*.bib);;All files (*)</source>
            <translation>BibTeX (*.bib);;所有文件 (*)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Import Notes</source>
            <translation>导入笔记</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Notes and bookmarks</source>
            <translation>笔记和书签</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Light</source>
            <translation>明亮</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Sepia</source>
            <translation>护眼</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Dark</source>
            <translation>夜间</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>As Printed</source>
            <translation>原样</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Simplified</source>
            <translation>简体</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Traditional</source>
            <translation>繁体</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Read One &amp;Article</source>
            <translation>单篇阅读(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Read the Whole &amp;Page</source>
            <translation>整版连续阅读(&amp;P)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Read the Whole &amp;Issue</source>
            <translation>整期连续阅读(&amp;I)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>For pages from PDFs and scans; pages imported from text are always shown as text.</source>
            <translation>适用于来自 PDF 和扫描图像的版面；从文本导入的版面总以文字显示。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>That article is no longer in the library.</source>
            <translation>该文章已不在资料库中。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>That block is no longer in the library.</source>
            <translation>该内容已不在资料库中。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>This page was imported from text: it is shown as text.</source>
            <translation>此版面导入自文本文件，以文字显示。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>The end of this issue: Ctrl+Shift+PgDown opens the next one.</source>
            <translation>本期已读完：按 Ctrl+Shift+PgDown 打开下一期。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>No issue on or after that date.</source>
            <translation>该日期及之后没有报纸。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Select some text of the article first.</source>
            <translation>请先选择文章中的文字。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Orphaned note</source>
            <translation>失去位置的笔记</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Export Notes</source>
            <translation>导出笔记</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>No Chinese font</source>
            <translation>没有中文字体</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>No installed font can show Chinese characters, so text would appear as boxes.
Install one, e.g. on Debian/Ubuntu: sudo apt-get install fonts-noto-cjk</source>
            <translation>没有可显示中文的字体，文字会显示为方框。
请安装中文字体，例如 Debian/Ubuntu：sudo apt-get install fonts-noto-cjk</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Bookmarked.</source>
            <translation>已加书签。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Bookmark removed.</source>
            <translation>已删除书签。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Added {added}, updated {updated}, unchanged {unchanged}, skipped {skipped}.</source>
            <translation>新增 {added}，更新 {updated}，未变 {unchanged}，跳过 {skipped}。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Library: {path}</source>
            <translation>资料库：{path}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>The text this note was made on is no longer in the article (a re-import changed it), so it is kept aside with its quote:

“{quote}”

{title}</source>
            <translation>这条笔记所划的文字已不在文章中（重新导入改变了文本），笔记连同引文另行保存：

“{quote}”

{title}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Exported to {path}.</source>
            <translation>已导出到 {path}。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Could not write {path}: {error}</source>
            <translation>无法写入 {path}：{error}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/main_window.py" />
            <source>Could not read {path}: {error}</source>
            <translation>无法读取 {path}：{error}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/note_dialog.py" />
            <source>Write your note here (Ctrl+Enter saves).</source>
            <translation>在此写笔记（Ctrl+Enter 保存）。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/note_dialog.py" />
            <location filename="../../reader/ui/render.py" />
            <source>Note</source>
            <translation>笔记</translation>
        </message>
        <message>
            <location filename="../../reader/ui/note_dialog.py" />
            <location filename="../../reader/ui/notes_dock.py" />
            <source>Note on the article</source>
            <translation>文章笔记</translation>
        </message>
        <message>
            <location filename="../../reader/ui/notes_controller.py" />
            <location filename="../../reader/ui/notes_dock.py" />
            <source>Edit note</source>
            <translation>编辑笔记</translation>
        </message>
        <message>
            <location filename="../../reader/ui/notes_controller.py" />
            <source>Add bookmark</source>
            <translation>添加书签</translation>
        </message>
        <message>
            <location filename="../../reader/ui/notes_controller.py" />
            <location filename="../../reader/ui/reading_pane.py" />
            <source>Highlight</source>
            <translation>划线</translation>
        </message>
        <message>
            <location filename="../../reader/ui/notes_controller.py" />
            <source>Add note</source>
            <translation>添加笔记</translation>
        </message>
        <message>
            <location filename="../../reader/ui/notes_controller.py" />
            <source>Change colour</source>
            <translation>更改颜色</translation>
        </message>
        <message>
            <location filename="../../reader/ui/notes_controller.py" />
            <source>That note or bookmark no longer exists.</source>
            <translation>该笔记或书签已不存在。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/notes_controller.py" />
            <source>Remove bookmark</source>
            <translation>删除书签</translation>
        </message>
        <message>
            <location filename="../../reader/ui/notes_dock.py" />
            <source>This note's text was not found when its page was imported again; it keeps the text it was made on.</source>
            <translation>重新导入该版面后找不到这条笔记所在的文字；笔记仍保留当初的原文。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/notes_dock.py" />
            <source>Filter notes (same syntax as search)…</source>
            <translation>筛选笔记（语法同检索）……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/notes_dock.py" />
            <source>Edit Note…</source>
            <translation>编辑笔记……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/notes_dock.py" />
            <source>No note matches the filter.</source>
            <translation>没有符合筛选条件的笔记。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/notes_dock.py" />
            <source>No highlights or notes yet. Select text in an article and choose Highlight from its context menu.</source>
            <translation>还没有划线或笔记。在文章中选中文字，从右键菜单中选择“划线”。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/notes_dock.py" />
            <source>Orphaned — text not found in the current version</source>
            <translation>失去位置——当前版本中找不到原文</translation>
        </message>
        <message>
            <location filename="../../reader/ui/notes_dock.py" />
            <source>Colour</source>
            <translation>颜色</translation>
        </message>
        <message>
            <location filename="../../reader/ui/notes_dock.py" />
            <source>{n} notes</source>
            <translation>共 {n} 条笔记</translation>
        </message>
        <message>
            <location filename="../../reader/ui/notes_dock.py" />
            <source>{n} of {total} notes</source>
            <translation>{n} / {total} 条笔记</translation>
        </message>
        <message>
            <location filename="../../reader/ui/page_view.py" />
            <source>Pages of the issue</source>
            <translation>本期各版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/page_view.py" />
            <source>Page picture</source>
            <translation>版面图像</translation>
        </message>
        <message>
            <location filename="../../reader/ui/page_view.py" />
            <source>Thumbnails</source>
            <translation>缩略图</translation>
        </message>
        <message>
            <location filename="../../reader/ui/page_view.py" />
            <source>Show the issue's pages as thumbnails</source>
            <translation>以缩略图显示本期各版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/page_view.py" />
            <source>Fit Width</source>
            <translation>适合宽度</translation>
        </message>
        <message>
            <location filename="../../reader/ui/page_view.py" />
            <source>Fit the page's width to the view</source>
            <translation>版面宽度适合视图</translation>
        </message>
        <message>
            <location filename="../../reader/ui/page_view.py" />
            <source>Fit Page</source>
            <translation>适合整版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/page_view.py" />
            <source>Show the whole page</source>
            <translation>显示整个版面</translation>
        </message>
        <message>
            <location filename="../../reader/ui/page_view.py" />
            <source>Actual Size</source>
            <translation>实际大小</translation>
        </message>
        <message>
            <location filename="../../reader/ui/page_view.py" />
            <source>Show the page at its printed size (100 %)</source>
            <translation>按印刷尺寸显示版面（100%）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/page_view.py" />
            <source>Zoom out (Ctrl+wheel)</source>
            <translation>缩小（Ctrl+滚轮）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/page_view.py" />
            <source>Zoom in (Ctrl+wheel)</source>
            <translation>放大（Ctrl+滚轮）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/page_view.py" />
            <source>This page was imported from text: there is no picture of it.</source>
            <translation>此版面导入自文本文件，没有版面图像。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/page_view.py" />
            <source>The page's file was moved or deleted: {path}. The text, notes and search still work; import the moved folder again to show the page.</source>
            <translation>版面文件已被移动或删除：{path}。正文、笔记和检索照常可用；重新导入移动后的文件夹即可显示版面。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/page_view.py" />
            <source>The page's file has changed since it was imported: {path}. The text, notes and search still work; import it again to show the page as it is now.</source>
            <translation>版面文件在导入之后已被修改：{path}。正文、笔记和检索照常可用；重新导入该文件即可显示现在的版面。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/page_view.py" />
            <source>The page's file cannot be drawn: {detail}. The text, notes and search still work.</source>
            <translation>无法绘制版面文件：{detail}。正文、笔记和检索照常可用。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/page_view.py" />
            <source>text</source>
            <translation>文本</translation>
        </message>
        <message>
            <location filename="../../reader/ui/reading_pane.py" />
            <source>Previous hit (Shift+F3)</source>
            <translation>上一处 (Shift+F3)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/reading_pane.py" />
            <source>Next hit (F3)</source>
            <translation>下一处 (F3)</translation>
        </message>
        <message>
            <location filename="../../reader/ui/reading_pane.py" />
            <source>Highlight with Note…</source>
            <translation>划线并写笔记……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/reading_pane.py" />
            <source>Article {i} of {n} on this page · {percent}%</source>
            <translation>本版第 {i} 篇，共 {n} 篇 · 已读 {percent}%</translation>
        </message>
        <message>
            <location filename="../../reader/ui/reading_pane.py" />
            <source>Hit {i} of {n}</source>
            <translation>第 {i} 处，共 {n} 处</translation>
        </message>
        <message>
            <location filename="../../reader/ui/reading_pane.py" />
            <source>Highlight (headings cannot be highlighted)</source>
            <translation>划线（标题不能划线）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/reading_pane.py" />
            <source>Original text of page {page}</source>
            <translation>第{page}版原文</translation>
        </message>
        <message>
            <location filename="../../reader/ui/reading_pane.py" />
            <source>Select an article to read.</source>
            <translation>请选择要阅读的文章。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/reading_pane.py" />
            <source>{percent}% of the page</source>
            <translation>本版已读 {percent}%</translation>
        </message>
        <message>
            <location filename="../../reader/ui/reading_pane.py" />
            <source>{percent}% of the article</source>
            <translation>本文已读 {percent}%</translation>
        </message>
        <message>
            <location filename="../../reader/ui/reading_pane.py" />
            <source>This block is no longer in the library.</source>
            <translation>此区块已不在资料库中。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/reading_pane.py" />
            <source>This article is no longer in the library.</source>
            <translation>此文章已不在资料库中。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/reading_pane.py" />
            <source>Note on This Article…</source>
            <translation>为本文写笔记……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/reading_pane.py" />
            <source>Remove Bookmark</source>
            <translation>删除书签</translation>
        </message>
        <message>
            <location filename="../../reader/ui/reading_pane.py" />
            <source>Bookmark Article</source>
            <translation>为本文加书签</translation>
        </message>
        <message>
            <location filename="../../reader/ui/reading_pane.py" />
            <source>Bookmark This Place</source>
            <translation>在此处加书签</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>Unreadable character in the source</source>
            <translation>原文此处字迹无法辨认</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>← Continued from page {page}</source>
            <translation>← 上接第{page}版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>Continued</source>
            <translation>（续）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>Continued on page {page} →</source>
            <translation>下转第{page}版 →</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>(page {page} is not in the library)</source>
            <translation>（第{page}版不在资料库中）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>(continued from page {page})</source>
            <translation>（上接第{page}版）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>Edit</source>
            <translation>编辑</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>Serial: {title} ({n})</source>
            <translation>连载：{title}（{n}）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>Serial: {title}</source>
            <translation>连载：{title}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>Continued: {where}</source>
            <translation>（续）{where}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>Original text of the page</source>
            <translation>版面原文</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>This page has no text.</source>
            <translation>此版面没有文字。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>This block has no text.</source>
            <translation>此区块没有文字。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <location filename="../../reader/ui/toc_model.py" />
            <source>★ Bookmarked</source>
            <translation>★ 已加书签</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>← Previous instalment</source>
            <translation>← 上一回</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>Next instalment →</source>
            <translation>下一回 →</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>Cite: </source>
            <translation>引用：</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>Character U+{code:04X}: no installed font can show it (a font with CJK Extension B, such as HanaMinB from fonts-hanazono, can)</source>
            <translation>字符 U+{code:04X}：本机没有能显示它的字体（可安装含 CJK 扩展 B 的字体，如 fonts-hanazono 中的花园明朝 B）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/render.py" />
            <source>Page</source>
            <translation>版面</translation>
        </message>
        <message>
            <location filename="../../reader/ui/search_dock.py" />
            <source>Search</source>
            <translation>检索</translation>
        </message>
        <message>
            <location filename="../../reader/ui/search_dock.py" />
            <source>Search the archive…</source>
            <translation>检索全部报纸……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/search_dock.py" />
            <source>From</source>
            <translation>起</translation>
        </message>
        <message>
            <location filename="../../reader/ui/search_dock.py" />
            <source>To</source>
            <translation>止</translation>
        </message>
        <message>
            <location filename="../../reader/ui/search_dock.py" />
            <source>Articles per year: click a year to search only in it</source>
            <translation>每年篇数：点击某年只检索该年</translation>
        </message>
        <message>
            <location filename="../../reader/ui/search_dock.py" />
            <source>All papers</source>
            <translation>全部报纸</translation>
        </message>
        <message>
            <location filename="../../reader/ui/search_dock.py" />
            <source>Searching…</source>
            <translation>正在检索……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/search_dock.py" />
            <source>Nothing matches.</source>
            <translation>没有匹配的结果。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/search_dock.py" />
            <source>Relevance</source>
            <translation>相关度</translation>
        </message>
        <message>
            <location filename="../../reader/ui/search_dock.py" />
            <source>Newest first</source>
            <translation>最新在前</translation>
        </message>
        <message>
            <location filename="../../reader/ui/search_dock.py" />
            <source>Oldest first</source>
            <translation>最早在前</translation>
        </message>
        <message>
            <location filename="../../reader/ui/search_dock.py" />
            <source>best of the likeliest hits</source>
            <translation>按最可能的结果排序</translation>
        </message>
        <message>
            <location filename="../../reader/ui/search_dock.py" />
            <source>So common a string that ranking every hit would take many seconds: these are the best of the hits most likely to rank highest, each scored exactly, but a better one may be further down.</source>
            <translation>这个词太常见，给每条结果排序要花好几秒：这里列出的是最可能排在前面的结果中最好的，每条的得分都准确，但后面仍可能有更相关的结果。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/search_dock.py" />
            <source>Page {page}</source>
            <translation>第{page}版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/search_dock.py" />
            <source>{n} hits</source>
            <translation>{n} 条结果</translation>
        </message>
        <message>
            <location filename="../../reader/ui/series_dialog.py" />
            <source>Serial Fiction</source>
            <translation>连载小说</translation>
        </message>
        <message>
            <location filename="../../reader/ui/series_dialog.py" />
            <source>No serial fiction in the library yet.</source>
            <translation>资料库中还没有连载小说。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/series_dialog.py" />
            <source>{date} · No. {n} · {chapter}</source>
            <translation>{date} · 第{n}回 · {chapter}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/series_dialog.py" />
            <source>{title} · {paper} · {n} instalments</source>
            <translation>{title} · {paper} · {n} 回</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Import page files</source>
            <translation>导入版面文件</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Import a folder of pages</source>
            <translation>导入版面文件夹</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Search the archive</source>
            <translation>检索全部报纸</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Next search hit in the article</source>
            <translation>文章中的下一处命中</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Previous search hit in the article</source>
            <translation>文章中的上一处命中</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Find in the current article</source>
            <translation>在当前文章中查找</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Back in history</source>
            <translation>后退</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Forward in history</source>
            <translation>前进</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Previous article of the issue</source>
            <translation>本期上一篇文章</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Next article of the issue</source>
            <translation>本期下一篇文章</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Previous page of the issue</source>
            <translation>本期上一版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Next page of the issue</source>
            <translation>本期下一版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Previous issue of the same paper</source>
            <translation>同一报纸的上一期</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Next issue of the same paper</source>
            <translation>同一报纸的下一期</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Go to the issue of a date</source>
            <translation>转到某日的报纸</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Larger text</source>
            <translation>放大文字</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Smaller text</source>
            <translation>缩小文字</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Show the page's original OCR text</source>
            <translation>显示本版原始识别文本</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Focus mode: the article alone, full screen (Esc leaves)</source>
            <translation>专注阅读：全屏只显示文章（Esc 退出）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Read one article at a time</source>
            <translation>一次读一篇文章</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Read the whole page in one scroll</source>
            <translation>整版文章连续阅读</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Read the whole issue in one scroll</source>
            <translation>整期文章连续阅读</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Pages from PDFs and scans: the text only</source>
            <translation>PDF 与扫描版面：只显示文字</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Pages from PDFs and scans: the page as printed only</source>
            <translation>PDF 与扫描版面：只显示原版面</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Pages from PDFs and scans: the text beside the page</source>
            <translation>PDF 与扫描版面：文字与原版面并排</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Read on: a screen down, then the next article and page (also PgDown)</source>
            <translation>往下读：下翻一屏，读完接下一篇、下一版（也可按 PgDown）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Read back: a screen up, then the end of the previous article (also PgUp)</source>
            <translation>往回读：上翻一屏，到顶回到上一篇末尾（也可按 PgUp）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Copy the selection with a citation</source>
            <translation>复制所选文字并附引文</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Copy the whole article with a citation</source>
            <translation>复制全文并附引文</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Bookmark the article (again: remove the bookmark)</source>
            <translation>为本文加书签（再按一次：删除书签）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Highlight the selection (colour used last)</source>
            <translation>划线标注所选文字（用上次的颜色）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Write a note on the selection, or on the article</source>
            <translation>为所选文字或本文写笔记</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Undo the last change to notes and bookmarks</source>
            <translation>撤销对笔记和书签的上一次更改</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Redo it</source>
            <translation>重做</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>This list</source>
            <translation>本列表</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Keyboard Shortcuts</source>
            <translation>快捷键</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Key</source>
            <translation>按键</translation>
        </message>
        <message>
            <location filename="../../reader/ui/shortcuts.py" />
            <source>Action</source>
            <translation>功能</translation>
        </message>
        <message>
            <location filename="../../reader/ui/toc_model.py" />
            <source>Title</source>
            <translation>标题</translation>
        </message>
        <message>
            <location filename="../../reader/ui/toc_model.py" />
            <source>Byline</source>
            <translation>作者</translation>
        </message>
        <message>
            <location filename="../../reader/ui/toc_model.py" />
            <source>Length</source>
            <translation>字数</translation>
        </message>
        <message>
            <location filename="../../reader/ui/toc_model.py" />
            <source>(no page number)</source>
            <translation>（版次不详）</translation>
        </message>
        <message>
            <location filename="../../reader/ui/toc_model.py" />
            <source>Page {n}</source>
            <translation>第{n}版</translation>
        </message>
        <message>
            <location filename="../../reader/ui/toc_model.py" />
            <source>{n} chars</source>
            <translation>{n}字</translation>
        </message>
        <message>
            <location filename="../../reader/ui/toc_model.py" />
            <source>Not an article: {kind}</source>
            <translation>非文章内容：{kind}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/toc_model.py" />
            <source>continued from {page}</source>
            <translation>上接{page}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/toc_model.py" />
            <source>continued on {page}</source>
            <translation>下转{page}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/toc_model.py" />
            <source>※ {n} highlights and notes</source>
            <translation>※ {n} 条划线和笔记</translation>
        </message>
        <message>
            <location filename="../../reader/ui/toc_model.py" />
            <source>Section: {text}</source>
            <translation>栏目：{text}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/toc_model.py" />
            <source>Kicker: {text}</source>
            <translation>引题：{text}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/toc_model.py" />
            <source>Subtitle: {text}</source>
            <translation>副题：{text}</translation>
        </message>
        <message>
            <location filename="../../reader/ui/welcome.py" />
            <source>Welcome to the Newspaper Reader</source>
            <translation>欢迎使用报纸阅读器</translation>
        </message>
        <message>
            <location filename="../../reader/ui/welcome.py" />
            <source>Your library is empty. Bring in the pages of a newspaper: OCR page text (.txt), e-paper PDFs or scanned pages, a file or a whole folder of years.</source>
            <translation>资料库还是空的。请导入报纸版面：识别文本（.txt）、电子版 PDF 或扫描的版面，可以是单个文件，也可以是存有多年报纸的整个文件夹。</translation>
        </message>
        <message>
            <location filename="../../reader/ui/welcome.py" />
            <source>Import the Bundled Sample Issues</source>
            <translation>导入自带的样例报纸</translation>
        </message>
        <message>
            <location filename="../../reader/ui/welcome.py" />
            <source>Import a Folder…</source>
            <translation>导入文件夹……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/welcome.py" />
            <source>Import Files…</source>
            <translation>导入文件……</translation>
        </message>
        <message>
            <location filename="../../reader/ui/welcome.py" />
            <source>…or drop files and folders here.</source>
            <translation>……或者把文件和文件夹拖到这里。</translation>
        </message>
    </context>
</TS>

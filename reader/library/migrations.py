"""The library schema as an ordered list of migrations; ``PRAGMA user_version`` counts those applied.

Never edit a released migration: append a new one. Each migration is a tuple of single SQL statements
(no ``executescript``, which would commit behind our back) and runs in one transaction.
"""

from __future__ import annotations

MIGRATIONS: list[tuple[str, ...]] = [
    # 1: initial schema. AUTOINCREMENT: an id is never reused, so a stale reference (a note on an article
    # that a re-import replaced) finds nothing rather than another article.
    (
        """CREATE TABLE papers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE
        )""",
        # ``key`` is unique where (paper, date) cannot be: either may be unknown (NULL); see store.issue_key.
        """CREATE TABLE issues (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE,
            paper_id INTEGER REFERENCES papers(id),
            date TEXT,
            issue_number INTEGER,
            page_count INTEGER,
            provenance TEXT NOT NULL DEFAULT '{}'
        )""",
        "CREATE INDEX issues_paper_date ON issues(paper_id, date)",
        """CREATE TABLE pages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            issue_id INTEGER NOT NULL REFERENCES issues(id),
            source_path TEXT NOT NULL UNIQUE,
            folder TEXT NOT NULL,
            page_label TEXT,
            seq INTEGER NOT NULL,
            text TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            encoding TEXT NOT NULL,
            meta TEXT NOT NULL,
            imported_at TEXT NOT NULL
        )""",
        "CREATE INDEX pages_issue ON pages(issue_id, seq)",
        "CREATE INDEX pages_folder ON pages(folder)",
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            kicker TEXT,
            title TEXT,
            subtitle TEXT,
            byline TEXT,
            section TEXT,
            body TEXT NOT NULL,
            continued_to TEXT,
            continued_from TEXT,
            spans TEXT NOT NULL,
            char_count INTEGER NOT NULL
        )""",
        "CREATE INDEX articles_page ON articles(page_id, ord)",
        """CREATE TABLE blocks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
            ord INTEGER NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            spans TEXT NOT NULL
        )""",
        "CREATE INDEX blocks_page ON blocks(page_id, ord)",
        """CREATE TABLE article_links (
            from_article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            to_article INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'continues',
            PRIMARY KEY (from_article, to_article, kind)
        )""",
        "CREATE INDEX article_links_to ON article_links(to_article)",
        # User data, keyed by source path (pages) or issue key (issues), never by row ids: re-imports keep it.
        """CREATE TABLE corrections (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            target_kind TEXT NOT NULL CHECK (target_kind IN ('issue', 'page')),
            target_key TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (target_kind, target_key, field)
        )""",
    ),
    # 2: interior subheadings of an article (indexes into its paragraphs), so readers can show them as headings.
    ("ALTER TABLE articles ADD COLUMN subheads TEXT NOT NULL DEFAULT '[]'",),
    # 3: the reader's bookmarks, highlights and notes. Anchored to the article's identity (source page, its
    # content hash, the article's spans in it) and to a quote with context, so they survive re-imports;
    # article_id is only a cache that re-imports null out (never a cascade). Deletion is soft, for undo.
    (
        """CREATE TABLE annotations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            uid TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL CHECK (kind IN ('bookmark', 'highlight', 'note')),
            source_path TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            article_spans TEXT NOT NULL,
            article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
            title TEXT,
            paper TEXT,
            date TEXT,
            page_label TEXT,
            pos_start INTEGER,
            pos_end INTEGER,
            quote TEXT,
            prefix TEXT,
            suffix TEXT,
            status TEXT NOT NULL DEFAULT 'anchored' CHECK (status IN ('anchored', 'orphaned')),
            color TEXT,
            note TEXT NOT NULL DEFAULT '',
            name TEXT,
            folder TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )""",
        "CREATE INDEX annotations_article ON annotations(article_id)",
        "CREATE INDEX annotations_source ON annotations(source_path)",
        "CREATE INDEX annotations_hash ON annotations(content_hash)",
    ),
    # 4: pages from PDFs and scans. A page knows how it was read (source_kind "text", "pdf" or "scan"), the
    # whole file's hash and size (a multi-page file's pages share them: an unchanged file is not read again),
    # its geometry (JSON: page size, unit and printed lines with their text offsets, for the page view and hits
    # on the page) and, when normalisation changed it, the text as the file gave it. Articles and blocks keep
    # their boxes on the page (JSON). Pages are also found by content, to recognise a copy or a moved file.
    (
        "ALTER TABLE pages ADD COLUMN source_kind TEXT NOT NULL DEFAULT 'text'",
        "ALTER TABLE pages ADD COLUMN file_hash TEXT",
        "ALTER TABLE pages ADD COLUMN file_size INTEGER",
        "ALTER TABLE pages ADD COLUMN geometry TEXT",
        "ALTER TABLE pages ADD COLUMN raw_text TEXT",
        "ALTER TABLE articles ADD COLUMN regions TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE blocks ADD COLUMN regions TEXT NOT NULL DEFAULT '[]'",
        "CREATE INDEX pages_content ON pages(content_hash)",
    ),
    # 5: What Republic-era pages add to an article: its dateline (place, day and agency of a telegram,
    # not an author), whether it is verse (the reading pane keeps its line breaks) and the serial it is an
    # instalment of. series_key is the series' title in a comparable form (NFKC, no spaces); a series is a
    # (paper, series_key) pair, and the partial index serves the series list and instalment navigation.
    (
        "ALTER TABLE articles ADD COLUMN dateline TEXT",
        "ALTER TABLE articles ADD COLUMN verse INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE articles ADD COLUMN series_title TEXT",
        "ALTER TABLE articles ADD COLUMN series_number INTEGER",
        "ALTER TABLE articles ADD COLUMN series_chapter TEXT",
        "ALTER TABLE articles ADD COLUMN series_key TEXT",
        "CREATE INDEX articles_series ON articles(series_key, page_id) WHERE series_key IS NOT NULL",
    ),
    # 6: a log of changed pages for the search index, so that its up-to-date check reads one row instead of
    # every page's key. Triggers record the page of every written page, article and block (and the pages of
    # an issue or paper whose date or name changes) with a growing counter; the index keeps the counter value
    # it caught up with. ``uid`` tells this log from another library's (a replaced database file).
    (
        "CREATE TABLE search_log_state (uid TEXT NOT NULL, counter INTEGER NOT NULL)",
        "INSERT INTO search_log_state VALUES (lower(hex(randomblob(16))), 0)",
        "CREATE TABLE search_log (page_id INTEGER PRIMARY KEY, seq INTEGER NOT NULL)",
        "CREATE INDEX search_log_seq ON search_log(seq)",
        *(
            f"""CREATE TRIGGER search_log_{table}_{event.lower()} AFTER {event} ON {table} BEGIN
                UPDATE search_log_state SET counter = counter + 1;
                INSERT OR REPLACE INTO search_log(page_id, seq)
                    VALUES ({row}.{column}, (SELECT counter FROM search_log_state));
            END"""
            for table, column in (("pages", "id"), ("articles", "page_id"), ("blocks", "page_id"))
            for event, row in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD"))
        ),
        """CREATE TRIGGER search_log_articles_moved AFTER UPDATE OF page_id ON articles
            WHEN OLD.page_id IS NOT NEW.page_id BEGIN
            INSERT OR REPLACE INTO search_log(page_id, seq)
                VALUES (OLD.page_id, (SELECT counter FROM search_log_state));
        END""",
        """CREATE TRIGGER search_log_blocks_moved AFTER UPDATE OF page_id ON blocks
            WHEN OLD.page_id IS NOT NEW.page_id BEGIN
            INSERT OR REPLACE INTO search_log(page_id, seq)
                VALUES (OLD.page_id, (SELECT counter FROM search_log_state));
        END""",
        """CREATE TRIGGER search_log_issues_update AFTER UPDATE OF paper_id, date ON issues BEGIN
            UPDATE search_log_state SET counter = counter + 1;
            INSERT OR REPLACE INTO search_log(page_id, seq)
                SELECT id, (SELECT counter FROM search_log_state) FROM pages WHERE issue_id = NEW.id;
        END""",
        """CREATE TRIGGER search_log_papers_update AFTER UPDATE OF name ON papers BEGIN
            UPDATE search_log_state SET counter = counter + 1;
            INSERT OR REPLACE INTO search_log(page_id, seq)
                SELECT p.id, (SELECT counter FROM search_log_state) FROM pages p JOIN issues i ON i.id = p.issue_id
                WHERE i.paper_id = NEW.id;
        END""",
    ),
]

SCHEMA_VERSION = len(MIGRATIONS)

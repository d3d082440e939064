"""The archive's schema, as named migrations that are never edited once released."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from archivist.archive.journal_merge import merge_journals

MIGRATIONS = Migrations("archivist")


@MIGRATIONS()
def m0001_create_articles(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )"""
    )
    db.execute("INSERT INTO meta (key, value) VALUES ('last_rev', '0')")
    db.execute(
        """
        CREATE TABLE originals (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            filename TEXT NOT NULL,
            format TEXT NOT NULL,
            stored_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            source TEXT,
            author TEXT,
            url TEXT,
            published TEXT,
            language TEXT,
            text TEXT NOT NULL,
            text_sha256 TEXT NOT NULL,
            original_sha256 TEXT NOT NULL REFERENCES originals(sha256),
            original_filename TEXT NOT NULL,
            entry_index INTEGER NOT NULL DEFAULT 0,
            format TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            rev INTEGER NOT NULL,
            note TEXT
        )"""
    )
    db.execute("CREATE INDEX articles_text_sha256 ON articles(text_sha256)")
    db.execute("CREATE INDEX articles_original_sha256 ON articles(original_sha256)")
    db.execute("CREATE INDEX articles_published ON articles(published)")
    db.execute("CREATE INDEX articles_rev ON articles(rev)")
    db.execute(
        """
        CREATE TABLE article_edits (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            edited_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX article_edits_article ON article_edits(article_id)")
    db.execute(
        """
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE
        )"""
    )
    db.execute(
        """
        CREATE TABLE article_tags (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
            PRIMARY KEY (article_id, tag_id)
        )"""
    )
    db.execute("CREATE INDEX article_tags_tag ON article_tags(tag_id)")


@MIGRATIONS()
def m0002_create_annotations(db: Database) -> None:
    """Entities, mentions, claims, their links, and the history of annotation changes.

    Spans are stored twice, as offsets (code points into the NFC `articles.text`) and as the
    quote with its context, so they can be found again when the text changes. Rows that
    analysts refer to (entities, mentions, claims, links) use AUTOINCREMENT so that an id is
    never reused after a delete: briefs and undo refer to them by id.
    """
    import uuid

    # Identifies this archive in exported Web Annotations (urn:archivist:UUID:...).
    db.execute("INSERT INTO meta (key, value) VALUES ('archive_uuid', ?)", [str(uuid.uuid4())])
    db.execute(
        """
        CREATE TABLE entity_types (
            name TEXT PRIMARY KEY,
            label TEXT NOT NULL,
            position INTEGER NOT NULL
        )"""
    )
    for position, (name, label) in enumerate(
        [
            ("person", "Person"),
            ("organisation", "Organisation"),
            ("location", "Location"),
            ("event", "Event"),
            ("other", "Other"),
        ]
    ):
        db.execute(
            "INSERT INTO entity_types (name, label, position) VALUES (?, ?, ?)",
            [name, label, position],
        )
    db.execute(
        """
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            type TEXT NOT NULL REFERENCES entity_types(name)
                ON UPDATE CASCADE ON DELETE RESTRICT,
            description TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX entities_name_key ON entities(name_key, type)")
    db.execute(
        """
        CREATE TABLE entity_aliases (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            alias_key TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (entity_id, alias_key)
        )"""
    )
    db.execute("CREATE INDEX entity_aliases_key ON entity_aliases(alias_key)")
    # An entity is never deleted from under its mentions or claims (RESTRICT): the annotation
    # layer deletes or rewrites them first, recording each row for undo.
    db.execute(
        """
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE RESTRICT,
            span_start INTEGER NOT NULL,
            span_end INTEGER NOT NULL,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            anchor TEXT NOT NULL DEFAULT 'ok' CHECK (anchor IN ('ok', 'fuzzy', 'orphaned')),
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (span_start >= 0 AND span_end > span_start)
        )"""
    )
    db.execute("CREATE INDEX mentions_article ON mentions(article_id)")
    db.execute("CREATE INDEX mentions_entity ON mentions(entity_id)")
    db.execute(
        """
        CREATE TABLE claims (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            span_start INTEGER NOT NULL,
            span_end INTEGER NOT NULL,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            anchor TEXT NOT NULL DEFAULT 'ok' CHECK (anchor IN ('ok', 'fuzzy', 'orphaned')),
            claimant_entity_id INTEGER REFERENCES entities(id) ON DELETE RESTRICT,
            claimant_text TEXT,
            statement TEXT,
            reliability TEXT CHECK (reliability IS NULL OR reliability IN ('A', 'B', 'C', 'D', 'E', 'F')),
            credibility INTEGER CHECK (credibility IS NULL OR credibility BETWEEN 1 AND 6),
            status TEXT NOT NULL DEFAULT 'unverified'
                CHECK (status IN ('unverified', 'corroborated', 'disputed', 'refuted')),
            note TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (span_start >= 0 AND span_end > span_start),
            CHECK ((claimant_entity_id IS NULL) <> (claimant_text IS NULL))
        )"""
    )
    db.execute("CREATE INDEX claims_article ON claims(article_id)")
    db.execute("CREATE INDEX claims_claimant_entity ON claims(claimant_entity_id)")
    db.execute("CREATE INDEX claims_status ON claims(status)")
    db.execute(
        """
        CREATE TABLE claim_entities (
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE RESTRICT,
            PRIMARY KEY (claim_id, entity_id)
        )"""
    )
    db.execute("CREATE INDEX claim_entities_entity ON claim_entities(entity_id)")
    db.execute(
        """
        CREATE TABLE claim_links (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            other_claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
            relation TEXT NOT NULL CHECK (relation IN ('corroborates', 'contradicts')),
            note TEXT,
            created_at TEXT NOT NULL,
            UNIQUE (claim_id, other_claim_id),
            CHECK (claim_id <> other_claim_id)
        )"""
    )
    db.execute("CREATE INDEX claim_links_other ON claim_links(other_claim_id)")
    db.execute(
        """
        CREATE TABLE annotation_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            action TEXT NOT NULL,
            summary TEXT NOT NULL,
            changes TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'discarded')),
            undone_at TEXT,
            undone_by TEXT,
            redone_at TEXT,
            redone_by TEXT
        )"""
    )
    db.execute("CREATE INDEX annotation_history_state ON annotation_history(state, id)")
    db.execute(
        """
        CREATE TABLE annotation_history_articles (
            history_id INTEGER NOT NULL REFERENCES annotation_history(id) ON DELETE CASCADE,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (history_id, article_id)
        )"""
    )
    db.execute(
        "CREATE INDEX annotation_history_articles_article "
        "ON annotation_history_articles(article_id, history_id)"
    )


def known_migration_names() -> list[str]:
    """Names of every migration this build knows, in order."""
    return [m.name for m in MIGRATIONS._migrations]


@MIGRATIONS()
def m0003_create_briefs(db: Database) -> None:
    """Briefs, their ordered items, and the history of changes to them.

    Items are one ordered list per brief (1-based contiguous positions); a level-1 heading
    opens a section. A claim item refers to its claim by id without a foreign key: deleting a
    claim can be undone, which brings back the same id, and the brief should then find it
    again. Excerpts are anchored like annotations (offsets plus quote and context).
    """
    db.execute(
        """
        CREATE TABLE briefs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL CHECK (length(title) > 0),
            marking TEXT,
            author TEXT,
            date TEXT,
            summary TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE brief_items (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            brief_id INTEGER NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 1),
            kind TEXT NOT NULL
                CHECK (kind IN ('heading', 'text', 'claim', 'excerpt', 'article')),
            text TEXT,
            level INTEGER CHECK (level IS NULL OR level IN (1, 2)),
            claim_id INTEGER,
            article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
            span_start INTEGER,
            span_end INTEGER,
            quote TEXT,
            prefix TEXT,
            suffix TEXT,
            note TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (kind <> 'heading' OR (text IS NOT NULL AND level IS NOT NULL)),
            CHECK (kind <> 'text' OR text IS NOT NULL),
            CHECK (kind <> 'claim' OR claim_id IS NOT NULL),
            CHECK (kind <> 'excerpt' OR (article_id IS NOT NULL AND quote IS NOT NULL
                AND span_start >= 0 AND span_end > span_start)),
            CHECK (kind <> 'article' OR article_id IS NOT NULL)
        )"""
    )
    db.execute("CREATE INDEX brief_items_brief ON brief_items(brief_id, position)")
    db.execute("CREATE INDEX brief_items_claim ON brief_items(claim_id)")
    db.execute("CREATE INDEX brief_items_article ON brief_items(article_id)")
    # No foreign key to briefs: the audit trail outlives a deleted brief.
    db.execute(
        """
        CREATE TABLE brief_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            brief_id INTEGER NOT NULL,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            action TEXT NOT NULL,
            summary TEXT NOT NULL,
            changes TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX brief_history_brief ON brief_history(brief_id, id)")


@MIGRATIONS()
def m0004_key_judgments(db: Database) -> None:
    """Key judgments: each brief's probability yardstick, and judgment items.

    A judgment item holds its statement (`text`), a likelihood term of the brief's yardstick,
    an analytic confidence level with an optional basis, and its evidence as JSON
    ({"claims": [claim ids], "excerpts": [excerpt item ids]}: one row, so that a change to
    a judgment is one row in the brief's history, undone as one). SQLite cannot change a
    table's CHECK constraints, so brief_items is rebuilt with the new kind; every existing
    row is copied as it is (nothing refers to brief_items by foreign key).
    """
    db.execute(
        "ALTER TABLE briefs ADD COLUMN yardstick TEXT NOT NULL DEFAULT 'icd203' "
        "CHECK (yardstick IN ('icd203', 'phia'))"
    )
    db.execute(
        """
        CREATE TABLE brief_items_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            brief_id INTEGER NOT NULL REFERENCES briefs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 1),
            kind TEXT NOT NULL
                CHECK (kind IN ('heading', 'text', 'claim', 'excerpt', 'article', 'judgment')),
            text TEXT,
            level INTEGER CHECK (level IS NULL OR level IN (1, 2)),
            claim_id INTEGER,
            article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
            span_start INTEGER,
            span_end INTEGER,
            quote TEXT,
            prefix TEXT,
            suffix TEXT,
            note TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            likelihood TEXT,
            confidence TEXT CHECK (confidence IS NULL
                OR confidence IN ('low', 'moderate', 'high')),
            basis TEXT,
            evidence TEXT,
            CHECK (kind <> 'heading' OR (text IS NOT NULL AND level IS NOT NULL)),
            CHECK (kind <> 'text' OR text IS NOT NULL),
            CHECK (kind <> 'claim' OR claim_id IS NOT NULL),
            CHECK (kind <> 'excerpt' OR (article_id IS NOT NULL AND quote IS NOT NULL
                AND span_start >= 0 AND span_end > span_start)),
            CHECK (kind <> 'article' OR article_id IS NOT NULL),
            CHECK (kind <> 'judgment' OR (text IS NOT NULL AND likelihood IS NOT NULL
                AND confidence IS NOT NULL))
        )"""
    )
    columns = (
        "id, brief_id, position, kind, text, level, claim_id, article_id, span_start, "
        "span_end, quote, prefix, suffix, note, created_at, updated_at"
    )
    db.execute(f"INSERT INTO brief_items_new ({columns}) SELECT {columns} FROM brief_items")
    db.execute("DROP TABLE brief_items")
    db.execute("ALTER TABLE brief_items_new RENAME TO brief_items")
    db.execute("CREATE INDEX brief_items_brief ON brief_items(brief_id, position)")
    db.execute("CREATE INDEX brief_items_claim ON brief_items(claim_id)")
    db.execute("CREATE INDEX brief_items_article ON brief_items(article_id)")


@MIGRATIONS()
def m0005_brief_versions(db: Database) -> None:
    """Issued versions of briefs: each export records the composed document (JSON, to write
    it again as issued) and what every cited claim and excerpt was at that moment (JSON, to
    tell what changed since). No foreign key to briefs: a version is a record of what was
    sent, kept when the brief is deleted (and there again when that is undone)."""
    db.execute(
        """
        CREATE TABLE brief_versions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            brief_id INTEGER NOT NULL,
            version INTEGER NOT NULL CHECK (version >= 1),
            issued_at TEXT NOT NULL,
            user TEXT NOT NULL,
            format TEXT NOT NULL,
            path TEXT NOT NULL,
            notes TEXT NOT NULL,
            template TEXT,
            claims INTEGER NOT NULL,
            excerpts INTEGER NOT NULL,
            sources INTEGER NOT NULL,
            document TEXT NOT NULL,
            evidence TEXT NOT NULL,
            UNIQUE (brief_id, version)
        )"""
    )


@MIGRATIONS()
def m0006_ach_matrices(db: Database) -> None:
    """Analysis of competing hypotheses: a matrix per question, its hypotheses (columns, in
    order, each with indicators to watch), its evidence (rows: a claim, an excerpt of an
    article, or an analyst's assumption, each with a relevance) and a rating per cell.

    Evidence refers to claims and articles without foreign keys, as brief items do: a
    deleted claim leaves its row, shown as gone, and undoing the deletion brings it back.
    `seen_*` hold the claim's grade and status when the analyst last rated the row, so
    that a regraded or refuted claim is flagged.
    """
    db.execute(
        """
        CREATE TABLE ach_matrices (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            question TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE ach_hypotheses (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            matrix_id INTEGER NOT NULL REFERENCES ach_matrices(id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 1),
            text TEXT NOT NULL,
            indicators TEXT
        )"""
    )
    db.execute("CREATE INDEX ach_hypotheses_matrix ON ach_hypotheses(matrix_id, position)")
    db.execute(
        """
        CREATE TABLE ach_evidence (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            matrix_id INTEGER NOT NULL REFERENCES ach_matrices(id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 1),
            kind TEXT NOT NULL CHECK (kind IN ('claim', 'excerpt', 'assumption')),
            claim_id INTEGER,
            article_id INTEGER,
            span_start INTEGER,
            span_end INTEGER,
            quote TEXT,
            text TEXT,
            relevance TEXT NOT NULL DEFAULT 'medium'
                CHECK (relevance IN ('low', 'medium', 'high')),
            seen_reliability TEXT,
            seen_credibility INTEGER,
            seen_status TEXT,
            CHECK (kind <> 'claim' OR claim_id IS NOT NULL),
            CHECK (kind <> 'excerpt' OR (article_id IS NOT NULL AND quote IS NOT NULL
                AND span_start >= 0 AND span_end > span_start)),
            CHECK (kind <> 'assumption' OR text IS NOT NULL)
        )"""
    )
    db.execute("CREATE INDEX ach_evidence_matrix ON ach_evidence(matrix_id, position)")
    db.execute("CREATE INDEX ach_evidence_claim ON ach_evidence(claim_id)")
    db.execute(
        """
        CREATE TABLE ach_ratings (
            evidence_id INTEGER NOT NULL REFERENCES ach_evidence(id) ON DELETE CASCADE,
            hypothesis_id INTEGER NOT NULL REFERENCES ach_hypotheses(id) ON DELETE CASCADE,
            rating TEXT NOT NULL CHECK (rating IN ('CC', 'C', 'N', 'I', 'II', 'NA')),
            PRIMARY KEY (evidence_id, hypothesis_id)
        )"""
    )


@MIGRATIONS()
def m0007_syndicated_copies(db: Database) -> None:
    """Syndicated copies (see archive/copies.py): each article's MinHash signature, its LSH
    band keys, and the story it shares with its copies. Articles imported before are signed
    by the next `reindex`."""
    db.execute(
        """
        CREATE TABLE article_signatures (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            minhash BLOB NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE article_bands (
            band_key INTEGER NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (band_key, article_id)
        ) WITHOUT ROWID"""
    )
    db.execute("CREATE INDEX article_bands_article ON article_bands(article_id)")
    db.execute(
        """
        CREATE TABLE article_stories (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
            story_id INTEGER NOT NULL
        )"""
    )
    db.execute("CREATE INDEX article_stories_story ON article_stories(story_id)")


@MIGRATIONS()
def m0008_one_journal(db: Database) -> None:
    """One journal for every change (archive/journal.py): annotation_history and
    brief_history become the one `history` table, their entries merged in the order they
    were made (by time, each journal's own order kept) and numbered again; a brief undo's
    reference to the entry it replayed ("entry" in its changes) follows the new numbers.
    The old names stay, as views, for readers of the database (an analyst's own queries)."""
    db.execute(
        """
        CREATE TABLE history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            journal TEXT NOT NULL CHECK (journal IN ('annotations', 'briefs')),
            brief_id INTEGER,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            action TEXT NOT NULL,
            summary TEXT NOT NULL,
            changes TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'discarded')),
            undone_at TEXT,
            undone_by TEXT,
            redone_at TEXT,
            redone_by TEXT,
            CHECK ((journal = 'briefs') = (brief_id IS NOT NULL))
        )"""
    )
    db.execute("CREATE INDEX history_journal_state ON history(journal, state, id)")
    db.execute("CREATE INDEX history_brief ON history(brief_id, id)")
    db.execute(
        """
        CREATE TABLE history_articles (
            history_id INTEGER NOT NULL REFERENCES history(id) ON DELETE CASCADE,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            PRIMARY KEY (history_id, article_id)
        )"""
    )
    db.execute("CREATE INDEX history_articles_article ON history_articles(article_id, history_id)")
    merge_journals(db)
    db.execute("DROP TABLE annotation_history_articles")
    db.execute("DROP TABLE annotation_history")
    db.execute("DROP TABLE brief_history")
    db.execute(
        "CREATE VIEW annotation_history AS SELECT id, at, user, action, summary, changes, "
        "state, undone_at, undone_by, redone_at, redone_by FROM history "
        "WHERE journal = 'annotations'"
    )
    db.execute(
        "CREATE VIEW annotation_history_articles AS SELECT history_id, article_id "
        "FROM history_articles"
    )
    db.execute(
        "CREATE VIEW brief_history AS SELECT id, brief_id, at, user, action, summary, changes "
        "FROM history WHERE journal = 'briefs'"
    )


@MIGRATIONS()
def m0009_saved_searches(db: Database) -> None:
    """Saved searches move into the database (archive/searches.py; they were a JSON file in
    the archive's folder, which open_archive moves in once), with their watches: whether the
    search is watched, the last article there when the analyst last looked, and how many of
    its matches came since. Batch searches are kept too, each run's queries and table
    (archive/batch_search.py)."""
    db.execute(
        """
        CREATE TABLE saved_searches (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            query TEXT NOT NULL,
            watched INTEGER NOT NULL DEFAULT 0 CHECK (watched IN (0, 1)),
            seen_through INTEGER NOT NULL DEFAULT 0,
            new_matches INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE batch_searches (
            id INTEGER PRIMARY KEY,
            created_at TEXT NOT NULL,
            queries INTEGER NOT NULL,
            rows TEXT NOT NULL
        )"""
    )


@MIGRATIONS()
def m0010_span_notes(db: Database) -> None:
    """Notes on a span of an article's text, with tags: what Hypothesis annotations become
    on import (annotations/hypothesis_import.py), anchored like mentions and claims (and
    re-anchored with them when the text changes). `origin` and `origin_id` name the
    annotation it came from, so that importing it again changes nothing."""
    db.execute(
        """
        CREATE TABLE span_notes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            span_start INTEGER NOT NULL,
            span_end INTEGER NOT NULL,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            anchor TEXT NOT NULL DEFAULT 'ok' CHECK (anchor IN ('ok', 'fuzzy', 'orphaned')),
            text TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            origin TEXT,
            origin_id TEXT,
            author TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (span_start >= 0 AND span_end > span_start)
        )"""
    )
    db.execute("CREATE INDEX span_notes_article ON span_notes(article_id)")
    db.execute("CREATE UNIQUE INDEX span_notes_origin ON span_notes(origin, origin_id)")


@MIGRATIONS()
def m0011_brief_origins(db: Database) -> None:
    """A brief brought in from another archive's bundle names the brief it came from (the
    bundle's id for it), so that the same bundle imported again adds it once; the analyst's
    own briefs have none."""
    db.execute("ALTER TABLE briefs ADD COLUMN origin TEXT")
    db.execute("CREATE INDEX briefs_origin ON briefs(origin)")


@MIGRATIONS()
def m0012_ocr_provenance(db: Database) -> None:
    """An article whose text was recognised in page images (a scan, a photograph) says so:
    `ocr` holds {"engine", "languages", "pages"} as JSON; NULL for a file's own text."""
    db.execute("ALTER TABLE articles ADD COLUMN ocr TEXT")


@MIGRATIONS()
def m0013_page_starts(db: Database) -> None:
    """A paged document (a PDF, a scan) keeps where each of its pages starts in its text (a
    JSON list of offsets, one a page), so that a quote can cite its page and the reader can
    show the page image; NULL for a text without pages."""
    db.execute("ALTER TABLE articles ADD COLUMN page_starts TEXT")

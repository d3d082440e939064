"""Briefs: the brief model stored in the archive, and its Word (.docx) and Markdown export."""

# The public API, re-exported from the modules that implement it. Functions take an open
# Archive and return dataclasses; every change is recorded in the brief's history. Call from
# the archive's thread.

from archivist.briefs.compose import compose_brief
from archivist.briefs.docx_writer import NOTE_MODES, render_docx
from archivist.briefs.export import (
    FORMATS,
    export_brief,
    export_format,
    export_version,
    write_document,
)
from archivist.briefs.judgments import add_judgment, edit_judgment, set_yardstick
from archivist.briefs.lint import LintWarning, lint_brief
from archivist.briefs.markdown_writer import render_markdown
from archivist.briefs.ordering import sort_by_article
from archivist.briefs.records import (
    ITEM_KINDS,
    Brief,
    BriefHistoryEntry,
    BriefItem,
    BriefSection,
    ExportReport,
)
from archivist.briefs.store import (
    add_article_item,
    add_claim_item,
    add_excerpt,
    add_heading,
    add_text,
    brief_history,
    brief_of_item,
    create_brief,
    delete_brief,
    duplicate_brief,
    edit_brief,
    edit_item,
    get_brief,
    get_item,
    item_name,
    list_briefs,
    move_item,
    remove_item,
)
from archivist.briefs.template import bundled_template_bytes, load_template
from archivist.briefs.undo import (
    brief_redo_target,
    brief_undo_target,
    change_label,
    redo_brief_change,
    undo_brief_change,
)
from archivist.briefs.versions import (
    CHANGE_KINDS,
    BriefVersion,
    EvidenceChange,
    StalenessReport,
    briefs_citing,
    check_brief,
    list_versions,
)
from archivist.briefs.view import Block, BriefDocument, ClaimView, EntityView, SourceView
from archivist.briefs.yardsticks import CONFIDENCE_LEVELS, YARDSTICKS, Yardstick

__all__ = [
    "CHANGE_KINDS",
    "CONFIDENCE_LEVELS",
    "FORMATS",
    "ITEM_KINDS",
    "NOTE_MODES",
    "YARDSTICKS",
    "Block",
    "Brief",
    "BriefDocument",
    "BriefHistoryEntry",
    "BriefItem",
    "BriefSection",
    "BriefVersion",
    "ClaimView",
    "EntityView",
    "EvidenceChange",
    "ExportReport",
    "LintWarning",
    "SourceView",
    "StalenessReport",
    "Yardstick",
    "add_article_item",
    "add_claim_item",
    "add_excerpt",
    "add_heading",
    "add_judgment",
    "add_text",
    "brief_history",
    "brief_of_item",
    "brief_redo_target",
    "brief_undo_target",
    "briefs_citing",
    "bundled_template_bytes",
    "change_label",
    "check_brief",
    "compose_brief",
    "create_brief",
    "delete_brief",
    "duplicate_brief",
    "edit_brief",
    "edit_item",
    "edit_judgment",
    "export_brief",
    "export_format",
    "export_version",
    "get_brief",
    "get_item",
    "item_name",
    "lint_brief",
    "list_briefs",
    "list_versions",
    "load_template",
    "move_item",
    "redo_brief_change",
    "remove_item",
    "render_docx",
    "render_markdown",
    "set_yardstick",
    "sort_by_article",
    "undo_brief_change",
    "write_document",
]

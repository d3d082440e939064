"""Brief records as the core hands them out: plain dataclasses, no database handles."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# What a brief item can be. A level-1 heading opens a section; the items after it, up to the
# next level-1 heading, belong to that section.
ITEM_KINDS = ("heading", "text", "claim", "excerpt", "article", "judgment")


@dataclass
class BriefItem:
    """One entry of a brief, at a 1-based `position`.

    `kind` says which fields matter: `text` (heading, text), `level` (heading: 1 or 2),
    `claim_id` (claim), `article_id` with `start`/`end`/`quote`/`prefix`/`suffix` (excerpt:
    anchored like annotations), `article_id` alone (article), `text` with `likelihood`,
    `confidence`, `basis` and `evidence` (judgment: a key judgment; `evidence` is
    {"claims": [claim ids], "excerpts": [excerpt item ids]}). `note` is the analyst's
    remark on the item, exported as a Word comment.

    Read-only fields filled when the item is read: `anchor` (excerpts: "ok", "moved" when the
    quote was found elsewhere in a changed text, "orphaned" when not found), `missing` (the
    claim or article it refers to no longer exists), and short `claim` / `article` summaries.
    """

    id: int
    brief_id: int
    position: int
    kind: str
    text: str | None = None
    level: int | None = None
    claim_id: int | None = None
    article_id: int | None = None
    start: int | None = None
    end: int | None = None
    quote: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    note: str | None = None
    created_at: str = ""
    updated_at: str = ""
    likelihood: str | None = None
    confidence: str | None = None
    basis: str | None = None
    evidence: dict[str, list[int]] | None = None
    anchor: str | None = None
    missing: bool = False
    claim: dict[str, Any] | None = None
    article: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class BriefSection:
    """A level-1 heading (None for the items before the first one) and the items under it."""

    heading: BriefItem | None
    items: list[BriefItem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "heading": self.heading.to_dict() if self.heading else None,
            "items": [item.to_dict() for item in self.items],
        }


@dataclass
class Brief:
    """A briefing document: its title block, summary and ordered items."""

    id: int
    title: str
    marking: str | None
    author: str | None
    date: str | None
    summary: str | None
    created_at: str
    updated_at: str
    #: The probability yardstick of its key judgments (see briefs.yardsticks).
    yardstick: str = "icd203"
    items: list[BriefItem] = field(default_factory=list)
    item_count: int = 0

    @property
    def sections(self) -> list[BriefSection]:
        """The items grouped into sections, in order (see ITEM_KINDS)."""
        sections: list[BriefSection] = []
        for item in self.items:
            if item.kind == "heading" and (item.level or 1) == 1:
                sections.append(BriefSection(item))
            else:
                if not sections:
                    sections.append(BriefSection(None))
                sections[-1].items.append(item)
        return sections

    def item(self, item_id: int) -> BriefItem | None:
        return next((i for i in self.items if i.id == item_id), None)

    @property
    def judgments(self) -> list[BriefItem]:
        """The key judgments, in the brief's order (exported first, under their heading)."""
        return [item for item in self.items if item.kind == "judgment"]

    def to_dict(self, *, with_items: bool = True) -> dict[str, Any]:
        data = {
            "id": self.id,
            "title": self.title,
            "marking": self.marking,
            "author": self.author,
            "date": self.date,
            "summary": self.summary,
            "yardstick": self.yardstick,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "item_count": self.item_count,
        }
        if with_items:
            data["items"] = [item.to_dict() for item in self.items]
        return data


@dataclass
class BriefHistoryEntry:
    """One recorded change to a brief: who, when, what, and the rows before and after."""

    id: int
    brief_id: int
    at: str
    user: str
    action: str
    summary: str
    changes: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self, *, with_changes: bool = True) -> dict[str, Any]:
        data = asdict(self)
        if not with_changes:
            data.pop("changes")
        return data


@dataclass
class ExportReport:
    """What an export wrote, and what the analyst should look at."""

    brief_id: int
    path: str
    format: str
    template: str | None = None
    sections: int = 0
    claims: int = 0
    excerpts: int = 0
    sources: int = 0
    footnotes: int = 0
    comments: int = 0
    entities: int = 0
    bytes: int = 0
    took_ms: float = 0.0
    warnings: list[str] = field(default_factory=list)
    #: The issued version this export is (None for a draft, or a version written again);
    #: `issued` is False when it is the last version again (nothing had changed).
    version: int | None = None
    issued: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

"""Annotation records as the core hands them out: plain dataclasses, no database handles."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class EntityType:
    """A kind of entity (person, organisation...); the list lives in the database."""

    name: str
    label: str
    position: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Entity:
    """A person, organisation, place, event... with its aliases and how often it is used."""

    id: int
    name: str
    type: str
    description: str | None
    aliases: list[str] = field(default_factory=list)
    mention_count: int = 0
    article_count: int = 0
    claim_count: int = 0
    created_at: str = ""
    updated_at: str = ""

    @property
    def names(self) -> list[str]:
        """The canonical name then the aliases."""
        return [self.name, *self.aliases]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        # `mentions` is the count the CLI contract names; `mention_count` says the same.
        data["mentions"] = self.mention_count
        return data


@dataclass
class Mention:
    """An entity tagged on a span of an article's text.

    `anchor` is "ok", "fuzzy" (re-found approximately after the text changed: worth a look)
    or "orphaned" (not found again; offsets and quote are the last known ones).
    """

    id: int
    article_id: int
    entity_id: int
    entity: str
    type: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    anchor: str
    created_at: str
    updated_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ClaimLink:
    """A link from one claim to another: the other corroborates or contradicts it."""

    id: int
    claim_id: int
    other_claim_id: int
    relation: str
    note: str | None
    created_at: str
    #: Said when the link cannot mean what it says (a copy of the same story corroborating).
    warning: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Claim:
    """Who asserted what: a quoted span, its claimant, grades, status and the analyst's note."""

    id: int
    article_id: int
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    anchor: str
    claimant: str
    claimant_entity_id: int | None
    statement: str | None
    reliability: str | None
    credibility: int | None
    status: str
    note: str | None
    created_at: str
    updated_at: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    suggested_status: str = "unverified"
    #: Independent origins among the claims that corroborate it: claims in syndicated copies
    #: of one story count once, and copies of its own story not at all.
    corroborating_origins: int = 0
    #: Corroborated only by claims in copies of its own story: one source, not several.
    single_origin: bool = False

    @property
    def grade(self) -> str | None:
        """The combined Admiralty grade, e.g. "C3" ("C-" or "-3" when half is unset)."""
        if self.reliability is None and self.credibility is None:
            return None
        return f"{self.reliability or '-'}{self.credibility or '-'}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["grade"] = self.grade
        return data


@dataclass
class TagResult:
    """What tagging a span did: the mention, its entity, and what was created on the way."""

    mention: Mention
    entity: Entity
    created: bool
    created_entity: bool
    added_alias: str | None = None
    # Entities of other types already known under this name (a hint, e.g. Washington).
    other_types: list[Entity] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = self.mention.to_dict()
        data.update(
            created=self.created,
            created_entity=self.created_entity,
            added_alias=self.added_alias,
            entity_aliases=self.entity.aliases,
        )
        return data


@dataclass
class MergeResult:
    """The surviving entity and what moved to it."""

    entity: Entity
    merged_id: int
    mentions_moved: int
    mentions_dropped: int
    claims_moved: int
    aliases_added: list[str]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["entity"] = self.entity.to_dict()
        return data


@dataclass
class DeleteResult:
    """What deleting an entity removed or rewrote."""

    entity: Entity
    mentions_deleted: int
    claims_unlinked: int
    claimants_to_text: int

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["entity"] = self.entity.to_dict()
        return data


@dataclass
class Suggestion:
    """An occurrence of an entity's name or alias in an article that is not tagged yet."""

    article_id: int
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    name: str
    article_title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class HistoryEntry:
    """One recorded annotation change: who, when, what, and every row before and after."""

    id: int
    at: str
    user: str
    action: str
    summary: str
    state: str
    article_ids: list[int]
    changes: list[dict[str, Any]] = field(default_factory=list)
    undone_at: str | None = None
    undone_by: str | None = None
    redone_at: str | None = None
    redone_by: str | None = None

    def to_dict(self, *, with_changes: bool = True) -> dict[str, Any]:
        data = asdict(self)
        if not with_changes:
            data.pop("changes")
        return data


@dataclass
class SpanNote:
    """A note on a span of an article's text, with tags (imported from Hypothesis: `origin`
    and the annotation's id there, `author` its user). `anchor` as a Mention's."""

    id: int
    article_id: int
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    anchor: str
    text: str
    tags: list[str]
    origin: str | None
    origin_id: str | None
    author: str | None
    created_at: str
    updated_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SpanOutcome:
    """How one span fared when its article's text changed."""

    kind: str  # mention, claim or note
    id: int
    method: str  # unchanged, position, quote, fuzzy, orphaned
    old_start: int
    old_end: int
    start: int | None
    end: int | None
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TextChangeReport:
    """What replacing an article's text did to its annotations."""

    article_id: int
    changed: bool
    spans: list[SpanOutcome] = field(default_factory=list)

    @property
    def orphaned(self) -> list[SpanOutcome]:
        return [s for s in self.spans if s.method == "orphaned"]

    def counts(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for span in self.spans:
            result[span.method] = result.get(span.method, 0) + 1
        return result

    def to_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "changed": self.changed,
            "counts": self.counts(),
            "spans": [s.to_dict() for s in self.spans],
        }


@dataclass
class AnnotationImportReport:
    """What importing Web Annotations did."""

    created: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0
    reanchored: int = 0
    orphaned: int = 0
    unmatched: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    #: Annotations whose quoted text is not in their article (not imported).
    unanchored: list[dict[str, Any]] = field(default_factory=list)
    #: Claims found here assessed otherwise (both kept, the imported one marked).
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    #: Entities created that may be ones already here under another type.
    proposed_merges: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def created_text(self) -> str:
        """ "3 mentions, 1 note" (or "nothing new")."""
        parts = []
        for kind, count in sorted(self.created.items()):
            if count == 1:  # (entities → entity, notes → note)
                kind = kind[:-3] + "y" if kind.endswith("ies") else kind.removesuffix("s")
            parts.append(f"{count} {kind}")
        return ", ".join(parts) or "nothing new"

"""Annotations are searchable (entity:, claimant:, tag:, status:) and the index follows every
change incrementally: only the affected articles are re-indexed, never a full rebuild."""

from __future__ import annotations

import pytest

from archivist import annotations as ann
from archivist.archive import Archive, articles, open_archive
from archivist.archive.maintenance import check, index_drift
from archivist.importers.pipeline import import_text

AFP = (
    "Kazakh President Kassym-Jomart Tokayev said order was restored. Local media said the "
    "police had cleared the square, which AFP could not verify."
)
REUTERS = "Mr Tokayev ordered troops to fire without warning, US spokesman Ned Price said."
OTHER = "Markets in Moscow were calm on Friday."


@pytest.fixture
def ids(archive: Archive) -> dict[str, int]:
    return {
        name: import_text(archive, text, title=name).imported[0].id
        for name, text in (("afp", AFP), ("reuters", REUTERS), ("other", OTHER))
    }


def _hits(archive: Archive, query: str) -> list[int]:
    return sorted(hit.id for hit in archive.search(query, limit=50).hits)


def test_entity_claimant_tag_and_status_fields(archive: Archive, ids: dict[str, int]) -> None:
    tokayev = ann.tag_entity(
        archive,
        ids["afp"],
        quote="Kassym-Jomart Tokayev",
        name="Kassym-Jomart Tokayev",
        type="person",
    ).entity
    ann.add_alias(archive, tokayev.id, "Tokayev")
    ann.tag_entity(archive, ids["reuters"], quote="Mr Tokayev", name="Tokayev", type="person")
    price = ann.create_entity(archive, "Ned Price", "person")
    ann.add_claim(
        archive,
        ids["reuters"],
        quote="ordered troops to fire without warning",
        claimant="Ned Price",
        status="disputed",
    )
    ann.add_claim(
        archive,
        ids["afp"],
        quote="the police had cleared the square",
        claimant="local media",
        about=[tokayev.id],
    )
    ann.tag_article(archive, ids["other"], ["markets"])

    both = sorted([ids["afp"], ids["reuters"]])
    assert _hits(archive, 'entity:"Kassym-Jomart Tokayev"') == both
    assert _hits(archive, "entity:Tokayev") == both  # by alias
    assert _hits(archive, 'entity:"Ned Price"') == [ids["reuters"]]  # claimant entities count
    assert _hits(archive, 'claimant:"Ned Price"') == [ids["reuters"]]
    assert _hits(archive, 'claimant:"local media"') == [ids["afp"]]
    assert _hits(archive, "status:disputed") == [ids["reuters"]]
    assert _hits(archive, "status:unverified") == [ids["afp"]]
    assert _hits(archive, "tag:markets") == [ids["other"]]
    assert _hits(archive, 'entity:"Kassym-Jomart Tokayev" AND claimant:"Ned Price"') == [
        ids["reuters"]
    ]
    assert price.id  # the entity exists even before it claims


def test_renames_merges_and_undo_reach_the_index(archive: Archive, ids: dict[str, int]) -> None:
    entity = ann.tag_entity(
        archive, ids["afp"], quote="Kassym-Jomart Tokayev", name="Tokayev", type="person"
    ).entity
    assert _hits(archive, "entity:Tokayev") == [ids["afp"]]
    ann.rename_entity(archive, entity.id, "Kassym-Jomart Tokayev", keep_alias=False)
    assert _hits(archive, "entity:Tokayev") == []
    assert _hits(archive, 'entity:"kassym-jomart tokayev"') == [ids["afp"]]
    ann.undo(archive)
    assert _hits(archive, "entity:Tokayev") == [ids["afp"]]
    ann.redo(archive)
    assert _hits(archive, "entity:Tokayev") == []

    other = ann.tag_entity(
        archive, ids["reuters"], quote="Mr Tokayev", name="Mr Tokayev", type="person"
    ).entity
    ann.merge_entities(archive, entity.id, other.id)
    assert _hits(archive, 'entity:"Kassym-Jomart Tokayev"') == sorted([ids["afp"], ids["reuters"]])
    assert _hits(archive, 'entity:"Mr Tokayev"') == sorted([ids["afp"], ids["reuters"]])


def test_changes_reindex_only_the_affected_articles(
    archive: Archive, ids: dict[str, int], monkeypatch
) -> None:
    reindexed: list[list[int]] = []
    original = Archive.reindex_articles

    def spy(self: Archive, article_ids: list[int]) -> None:
        reindexed.append(sorted(article_ids))
        original(self, article_ids)

    monkeypatch.setattr(Archive, "reindex_articles", spy)

    def no_rebuild(*args: object, **kwargs: object) -> None:
        raise AssertionError("annotations must never rebuild the whole index")

    monkeypatch.setattr("archivist.archive.maintenance.reindex", no_rebuild)
    revs = articles.article_revs(archive.db)
    ann.tag_entity(archive, ids["afp"], quote="AFP", name="AFP", type="organisation")
    assert reindexed == [[ids["afp"]]]
    after = articles.article_revs(archive.db)
    assert after[ids["afp"]] > revs[ids["afp"]]
    assert after[ids["other"]] == revs[ids["other"]]
    assert index_drift(archive).empty

    ann.create_entity(archive, "Moscow", "location")  # no article concerned: nothing to index
    assert reindexed == [[ids["afp"]]]
    report = check(archive)
    assert report.ok, report.problems


def test_index_drift_after_a_crash_between_database_and_index_is_healed(
    archive_dir, monkeypatch
) -> None:
    with open_archive(archive_dir) as archive:
        article_id = import_text(archive, AFP).imported[0].id
        monkeypatch.setattr(Archive, "reindex_articles", lambda self, ids: None)  # "crash"
        ann.tag_entity(archive, article_id, quote="AFP", name="AFP", type="organisation")
        assert index_drift(archive).stale == [article_id]
        monkeypatch.undo()
    with open_archive(archive_dir) as archive:
        assert index_drift(archive).empty
        assert _hits(archive, "entity:afp") == [article_id]


def test_index_rows_carry_annotation_fields_with_few_queries(archive: Archive) -> None:
    created = [
        import_text(archive, f"Article {i}: Tokayev spoke in Almaty.", name=f"a{i}.txt")
        .imported[0]
        .id
        for i in range(40)
    ]
    for article_id in created[:30]:
        ann.tag_entity(
            archive, article_id, quote="Tokayev", name="Kassym-Jomart Tokayev", type="person"
        )
    ann.add_alias(archive, ann.resolve_entity(archive, "Kassym-Jomart Tokayev").id, "Tokayev")
    ann.add_claim(
        archive, created[0], quote="spoke in Almaty", claimant="state media", status="corroborated"
    )

    statements: list[str] = []
    archive.db.conn.set_trace_callback(statements.append)
    try:
        rows = list(articles.iter_index_rows(archive.db, created))
    finally:
        archive.db.conn.set_trace_callback(None)
    assert len(statements) <= 6  # per batch, not per article
    first = rows[0]
    assert first["entities"] == ["Kassym-Jomart Tokayev", "Tokayev"]
    assert first["claimants"] == ["state media"]
    assert first["statuses"] == ["corroborated"]
    assert rows[-1]["entities"] == [] and rows[-1]["claimants"] == [] and rows[-1]["statuses"] == []
    every = {row["id"]: row for row in articles.iter_index_rows(archive.db, None, batch=7)}
    assert every[created[0]]["entities"] == first["entities"]

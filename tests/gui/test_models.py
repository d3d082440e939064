"""Every small model passes pytest-qt's model tester, empty and filled."""

from __future__ import annotations

from archivist import annotations as ann
from archivist.gui.archive_queries import claims_with_titles, entity_mentions_with_titles
from archivist.gui.models.annotation_list_model import (
    KIND_CLAIM,
    KIND_ENTITY,
    AnnotationListModel,
    KindRole,
)
from archivist.gui.models.claim_table_model import ClaimFilterProxy, ClaimTableModel
from archivist.gui.models.entity_table_model import (
    EntityFilterProxy,
    EntityTableModel,
    MentionListModel,
)
from archivist.gui.models.suggestion_model import SuggestionModel


def test_annotation_list_model(qtmodeltester, demo_session) -> None:  # type: ignore[no-untyped-def]
    model = AnnotationListModel()
    qtmodeltester.check(model, force_py=True)
    archive = demo_session.archive
    model.set_annotations(
        ann.mentions_of_article(archive, 1), ann.list_claims(archive, article_id=1)
    )
    qtmodeltester.check(model, force_py=True)
    kinds = [model.index(r, 0).data(KindRole) for r in range(model.rowCount())]
    assert kinds == sorted(kinds, key=lambda k: k != KIND_ENTITY)  # entities first
    assert kinds.count(KIND_CLAIM) == 4
    assert model.counts() == (6, 4, 0)


def test_suggestion_model(qtmodeltester, demo_session) -> None:  # type: ignore[no-untyped-def]
    model = SuggestionModel()
    qtmodeltester.check(model, force_py=True)
    almaty = ann.find_entities(demo_session.archive, "Almaty")[0]
    model.set_suggestions(
        ann.find_suggestions(demo_session.archive, almaty.id), current_article_id=5
    )
    qtmodeltester.check(model, force_py=True)
    assert model.all()[0].article_id == 5  # the current article's first
    assert len(model.checked()) == 4
    from PySide6.QtCore import Qt

    model.setData(model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert len(model.checked()) == 3


def test_entity_models(qtmodeltester, demo_session) -> None:  # type: ignore[no-untyped-def]
    model = EntityTableModel()
    proxy = EntityFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(model, force_py=True)
    model.set_entities(ann.list_entities(demo_session.archive))
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(proxy, force_py=True)
    proxy.set_filter("вельдра", None)  # an alias, in another script, any case
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data() == "Port Veldra"
    proxy.set_filter("", "person")
    assert proxy.rowCount() == 6
    mentions = MentionListModel()
    qtmodeltester.check(mentions, force_py=True)
    port = ann.find_entities(demo_session.archive, "Port Veldra")[0]
    mentions.set_mentions(*entity_mentions_with_titles(demo_session.archive, port.id))
    qtmodeltester.check(mentions, force_py=True)
    assert mentions.rowCount() == 4


def test_claim_models(qtmodeltester, demo_session) -> None:  # type: ignore[no-untyped-def]
    model = ClaimTableModel()
    proxy = ClaimFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(model, force_py=True)
    model.set_claims(*claims_with_titles(demo_session.archive))
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(proxy, force_py=True)
    proxy.set_text("barges")
    assert proxy.rowCount() == 3
    proxy.set_text("")
    assert proxy.rowCount() == 15

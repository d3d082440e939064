"""Shared by the brief tests: the demo brief on the AFP Kazakhstan article, and readers of a
.docx's XML parts (a module of helpers; its one test checks the demo builds)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from archivist import annotations as ann
from archivist import briefs
from archivist.archive import Archive
from archivist.importers.pipeline import import_text

KAZAKHSTAN = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "samples"
    / "txt"
    / "kazakhstan-unrest-afp.txt"
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
MARKING = "OFFICIAL-SENSITIVE"

ARABIC = "قالت وسائل إعلام محلية إن الشرطة طردت المحتجين من الساحة الرئيسية في ألماتي."
HEBREW = "דובר מחלקת המדינה אמר כי העולם צופה בהתפתחויות בקזחסטן."
CHINESE = "哈萨克斯坦总统托卡耶夫表示，约两千三百人在阿拉木图被捕。"


def kazakhstan_text() -> str:
    if not KAZAKHSTAN.is_file():
        pytest.skip(f"demo article {KAZAKHSTAN} is absent")
    return KAZAKHSTAN.read_text(encoding="utf-8")


@dataclass
class Demo:
    brief: briefs.Brief
    article_id: int
    claims: dict[str, int]
    other_ids: list[int]


def build_demo(archive: Archive, *, with_scripts: bool = True) -> Demo:
    """A realistic brief on the AFP article: real claims with grades, statuses, notes,
    entities, sections, an excerpt, an article reference; plus Arabic, Hebrew and Chinese
    sources when `with_scripts`."""
    text = kazakhstan_text()
    article = (
        import_text(
            archive,
            text,
            title="Russian troops arrive in Kazakhstan as unrest grips Almaty",
            source="AFP",
            author="AFP correspondent",
            published="2022-01-06",
            url="https://www.afp.com/en/news/kazakhstan-unrest-russian-troops?utm_source=x&id=1",
            name="kazakhstan-unrest-afp.txt",
        )
        .imported[0]
        .id
    )
    price = ann.create_entity(
        archive, "Ned Price", "person", description="US State Department spokesman"
    )
    ann.create_entity(
        archive,
        "Kassym-Jomart Tokayev",
        "person",
        aliases=["Tokayev"],
        description="President of Kazakhstan",
    )
    for quote, name, kind in (
        ("Ned Price", "Ned Price", "person"),
        ("Kassym-Jomart Tokayev", "Kassym-Jomart Tokayev", "person"),
        ("Almaty", "Almaty", "location"),
        (
            "Collective Security Treaty Organization",
            "Collective Security Treaty Organization",
            "organisation",
        ),
        ("Moscow", "Moscow", "location"),
    ):
        ann.tag_entity(archive, article, quote=quote, name=name, type=kind)
    ann.add_alias(
        archive, ann.resolve_entity(archive, "Collective Security Treaty Organization").id, "CSTO"
    )
    claims = {
        "price": ann.add_claim(
            archive,
            article,
            quote="The United States, and frankly the world, is watching for any possible human rights violations",
            claimant_entity_id=price.id,
            reliability="B",
            credibility=2,
            status="unverified",
            note="Standard State Department line; watch for a formal statement on the CSTO deployment.",
        ).id,
        "police": ann.add_claim(
            archive,
            article,
            quote="the police had driven protesters from the main square in Almaty and regained control of official buildings",
            claimant="local media",
            statement="Police retook the main square and official buildings",
            reliability="C",
            credibility=3,
            note="AFP could not verify this.",
        ).id,
        "arrests": ann.add_claim(
            archive,
            article,
            quote="around 2,300 people had been arrested in Almaty alone",
            claimant="the authorities",
            reliability="B",
            credibility=3,
            status="corroborated",
        ).id,
        "witness": ann.add_claim(
            archive,
            article,
            quote="she saw a dozen protesters fall under the bullets of the police near the presidential residence in Almaty",
            claimant="Willow, a 58-year-old protester",
            reliability="F",
            credibility=3,
            status="disputed",
            note="Single eyewitness; no independent confirmation.",
        ).id,
        "tokayev": ann.add_claim(
            archive,
            article,
            quote="accused groups of “terrorists” formed, according to him, abroad of being behind the riots",
            claimant="Tokayev",
            reliability="B",
            credibility=4,
        ).id,
    }
    brief = briefs.create_brief(
        archive,
        "Kazakhstan: unrest and the CSTO deployment",
        marking=MARKING,
        author="Jane Analyst",
        date="2022-01-07",
        summary=(
            "Russian-led CSTO troops arrived in Kazakhstan on 6 January at the Kazakh government's "
            "request, as protests over fuel prices turned into riots in Almaty.\n\n"
            "Casualty and arrest figures come from the authorities and are not independently confirmed."
        ),
    )
    b = brief.id
    briefs.add_heading(archive, b, "Key judgements")
    briefs.add_text(
        archive,
        b,
        "The deployment secures the government in the short term; the official account of "
        "foreign-trained “terrorists” is unsupported by the reporting so far.",
        note="Revisit once the CSTO mandate is published.",
    )
    briefs.add_claim_item(archive, b, claims["tokayev"])
    briefs.add_heading(archive, b, "Security situation in Almaty")
    briefs.add_claim_item(archive, b, claims["police"])
    briefs.add_claim_item(
        archive, b, claims["arrests"], note="Figure repeated by Interfax; same official origin."
    )
    briefs.add_claim_item(archive, b, claims["witness"])
    briefs.add_excerpt(
        archive,
        b,
        article,
        quote="building facades blackened by flames, charred vehicle carcasses and puddles of blood on the ground",
        note="Eyewitness description by the AFP correspondent.",
    )
    briefs.add_heading(archive, b, "International reaction")
    briefs.add_heading(archive, b, "United States", level=2)
    briefs.add_claim_item(archive, b, claims["price"])
    briefs.add_article_item(archive, b, article, note="Full AFP report for background.")
    other_ids: list[int] = []
    if with_scripts:
        briefs.add_heading(archive, b, "Regional-language reporting")
        for title, body, source, language in (
            (
                "تقرير عن ألماتي",
                ARABIC + " وأضافت المصادر أن الوضع لا يزال متوترا.",
                "الجزيرة",
                "ar",
            ),
            ("דיווח מקזחסטן", HEBREW + " הדיווח לא אומת.", "הארץ", "he"),
            ("哈萨克斯坦局势", CHINESE + "当局宣布进入紧急状态。", "新华社", "zh"),
        ):
            other = (
                import_text(
                    archive,
                    body,
                    title=title,
                    source=source,
                    published="2022-01-07",
                    url=f"https://example.org/{language}/kazakhstan",
                    language=language,
                    name=f"{language}.txt",
                )
                .imported[0]
                .id
            )
            other_ids.append(other)
            quote = body.split(" وأضافت")[0].split(" הדיווח")[0].split("当局")[0]
            claim = ann.add_claim(
                archive,
                other,
                quote=quote,
                claimant=f"{source}",
                reliability="C",
                credibility=3,
                note=f"ملاحظة المحلل: {quote[:20]}" if language == "ar" else None,
            )
            briefs.add_claim_item(archive, b, claim.id)
    return Demo(briefs.get_brief(archive, b), article, claims, other_ids)


# --- reading a .docx ------------------------------------------------------------------------


def docx_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xml(parts: dict[str, bytes], name: str) -> etree._Element:
    return etree.fromstring(parts[name])


def rels(parts: dict[str, bytes], name: str) -> dict[str, etree._Element]:
    folder, _, base = name.rpartition("/")
    root = etree.fromstring(parts[f"{folder}/_rels/{base}.rels"])
    return {rel.get("Id"): rel for rel in root}


def ids(root: etree._Element, tag: str) -> list[str]:
    return [e.get(f"{{{W}}}id") for e in root.iter(f"{{{W}}}{tag}")]


def all_text(root: etree._Element) -> str:
    return "".join(root.itertext())


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_demo_brief_builds(archive: Archive) -> None:
    demo = build_demo(archive)
    kinds = [item.kind for item in demo.brief.items]
    assert kinds[:3] == ["heading", "text", "claim"]
    assert kinds.count("claim") == 8 and kinds.count("excerpt") == 1 and kinds.count("article") == 1
    assert [s.heading.text for s in demo.brief.sections if s.heading] == [
        "Key judgements",
        "Security situation in Almaty",
        "International reaction",
        "Regional-language reporting",
    ]


@dataclass
class Exported:
    folder: Path
    demo: Demo
    docx: Path  # notes as comments
    inline: Path  # notes as paragraphs
    markdown: Path
    report: briefs.ExportReport


def export_demo(folder: Path) -> Exported:
    """Build the demo brief in a fresh archive under `folder` and export it every way."""
    from archivist.archive import open_archive

    with open_archive(folder / "archive") as archive:
        demo = build_demo(archive)
        report = briefs.export_brief(archive, demo.brief.id, folder / "brief.docx")
        briefs.export_brief(archive, demo.brief.id, folder / "brief-inline.docx", notes="inline")
        briefs.export_brief(archive, demo.brief.id, folder / "brief.md")
    return Exported(
        folder,
        demo,
        folder / "brief.docx",
        folder / "brief-inline.docx",
        folder / "brief.md",
        report,
    )

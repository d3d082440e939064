"""What merging an archive bundle did, told to the analyst: counts, then each conflict (both
assessments kept), each entity proposed for merging and each warning, under Show Details."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from archivist.exchange import BundleImportReport
from archivist.gui.dialogs.annotation_report import outcome_box


def bundle_report_text(report: BundleImportReport) -> tuple[str, str]:
    """A summary and the details (one line per conflict, proposed merge or warning)."""
    annotations = report.annotations
    created = sum(annotations.get("created", {}).values())
    summary = (
        f"Articles: {report.articles_added:,} added, {report.articles_present:,} already here. "
        f"Annotations: {created:,} added, {annotations.get('duplicates', 0):,} already here. "
        f"Briefs: {len(report.briefs_added)} added, {report.briefs_present} already here."
    )
    lines = []
    for conflict in report.conflicts:
        lines.append(
            f"Conflict on “{conflict['quote'][:70]}” ({conflict['claimant']}): "
            f"{conflict['here']['assessment']} here, {conflict['imported']['assessment']} in "
            "the bundle — both kept, the bundle's marked in its note."
        )
    for merge in annotations.get("proposed_merges", []):
        lines.append(
            f"Same name, other type: {merge['name']} ({merge['type']}) and "
            f"{merge['with_name']} ({merge['with_type']}) — merge them in Entities if they "
            "are one."
        )
    lines += report.warnings
    if report.conflicts:
        summary += f" {len(report.conflicts)} claim(s) assessed otherwise: both kept."
    return summary, "\n".join(lines)


def bundle_report_box(report: BundleImportReport, parent: QWidget) -> QMessageBox:
    summary, details = bundle_report_text(report)
    return outcome_box(
        parent,
        "Import Bundle",
        summary,
        details,
        warning=bool(report.conflicts),
        hint="Show Details lists the conflicts and names to look at.",
    )

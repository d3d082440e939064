"""What importing an annotation file did, told to the analyst: a message box whose details
list each annotation that found no article, no text, or was passed over, and why."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from archivist.annotations import AnnotationImportReport


def report_text(report: AnnotationImportReport) -> tuple[str, str]:
    """A summary line and the details (one line per annotation not imported)."""
    summary = f"Imported {report.created_text()}."
    if report.duplicates:
        summary += f" {report.duplicates} already here."
    left_out = len(report.unmatched) + len(report.unanchored)
    if left_out:
        summary += (
            f" {left_out} not imported: {len(report.unmatched)} without an archived article, "
            f"{len(report.unanchored)} whose quote is not in the article."
        )
    if report.orphaned:
        summary += f" {report.orphaned} kept as orphaned (their text could not be found)."
    lines = []
    for row in report.unmatched + report.unanchored + report.skipped:
        where = row.get("uri") or row.get("id") or "an annotation"
        quote = f" — “{row['quote'][:80]}”" if row.get("quote") else ""
        lines.append(f"{where}{quote}: {row.get('reason', 'no matching article')}")
    return summary, "\n".join(lines)


def report_box(report: AnnotationImportReport, parent: QWidget) -> QMessageBox:
    summary, details = report_text(report)
    return outcome_box(
        parent,
        "Import Annotations",
        summary,
        details,
        warning=bool(report.unmatched or report.unanchored),
        hint="Show Details lists each annotation left out, and why.",
    )


def outcome_box(
    parent: QWidget, title: str, summary: str, details: str, *, warning: bool, hint: str
) -> QMessageBox:
    """A message box with what an import did, and under Show Details (with `hint` saying
    so) the lines that need the analyst's eye; a warning's icon when some do."""
    box = QMessageBox(
        QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information,
        title,
        summary,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    if details:
        box.setInformativeText(hint)
        box.setDetailedText(details)
    return box

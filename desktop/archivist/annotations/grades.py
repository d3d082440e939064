"""NATO/Admiralty grades and claim statuses: their codes, standard meanings and validation."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from archivist.errors import InvalidValueError


@dataclass(frozen=True)
class Grade:
    """One grade of a scale: its code, short label and the standard description."""

    code: str
    label: str
    description: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# Source reliability (the letter), as defined in the Admiralty System / STANAG 2511.
RELIABILITY: tuple[Grade, ...] = (
    Grade(
        "A",
        "Completely reliable",
        "No doubt of authenticity, trustworthiness, or competency; has a history of complete reliability.",
    ),
    Grade(
        "B",
        "Usually reliable",
        "Minor doubt about authenticity, trustworthiness, or competency; has a history of valid information most of the time.",
    ),
    Grade(
        "C",
        "Fairly reliable",
        "Doubt of authenticity, trustworthiness, or competency but has provided valid information in the past.",
    ),
    Grade(
        "D",
        "Not usually reliable",
        "Significant doubt about authenticity, trustworthiness, or competency but has provided valid information in the past.",
    ),
    Grade(
        "E",
        "Unreliable",
        "Lacking in authenticity, trustworthiness, and competency; history of invalid information.",
    ),
    Grade(
        "F",
        "Reliability cannot be judged",
        "No basis exists for evaluating the reliability of the source.",
    ),
)

# Information credibility (the digit).
CREDIBILITY: tuple[Grade, ...] = (
    Grade(
        "1",
        "Confirmed by other sources",
        "Confirmed by other independent sources; logical in itself; consistent with other information on the subject.",
    ),
    Grade(
        "2",
        "Probably true",
        "Not confirmed; logical in itself; consistent with other information on the subject.",
    ),
    Grade(
        "3",
        "Possibly true",
        "Not confirmed; reasonably logical in itself; agrees with some other information on the subject.",
    ),
    Grade(
        "4",
        "Doubtful",
        "Not confirmed; possible but not logical; no other information on the subject.",
    ),
    Grade(
        "5",
        "Improbable",
        "Not confirmed; not logical in itself; contradicted by other information on the subject.",
    ),
    Grade(
        "6",
        "Truth cannot be judged",
        "No basis exists for evaluating the validity of the information.",
    ),
)

STATUSES: tuple[Grade, ...] = (
    Grade("unverified", "Unverified", "Not yet checked against other sources."),
    Grade("corroborated", "Corroborated", "Supported by other, independent information."),
    Grade("disputed", "Disputed", "Contradicted by other information; not settled."),
    Grade("refuted", "Refuted", "Shown to be false."),
)
STATUS_CODES = tuple(s.code for s in STATUSES)

RELATIONS = ("corroborates", "contradicts")

_RELIABILITY = {g.code: g for g in RELIABILITY}
_CREDIBILITY = {int(g.code): g for g in CREDIBILITY}
_STATUS = {g.code: g for g in STATUSES}


def parse_reliability(value: str | None) -> str | None:
    """ "A"…"F" (any case) or None/blank; raises InvalidValueError otherwise."""
    if value is None or not str(value).strip():
        return None
    code = str(value).strip().upper()
    if code not in _RELIABILITY:
        raise InvalidValueError(
            f"unknown source reliability {value!r}: use a letter from A (completely reliable) "
            "to F (reliability cannot be judged)"
        )
    return code


def parse_credibility(value: str | int | None) -> int | None:
    """1…6 (int or digit string) or None/blank; raises InvalidValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if isinstance(value, bool) or number not in _CREDIBILITY:
        raise InvalidValueError(
            f"unknown information credibility {value!r}: use a digit from 1 (confirmed by "
            "other sources) to 6 (truth cannot be judged)"
        )
    return number


def parse_status(value: str) -> str:
    """A claim status (any case); raises InvalidValueError otherwise."""
    code = str(value).strip().lower()
    if code not in _STATUS:
        raise InvalidValueError(
            f"unknown claim status {value!r}: use one of {', '.join(STATUS_CODES)}"
        )
    return code


def parse_relation(value: str) -> str:
    """ "corroborates" or "contradicts"; raises InvalidValueError otherwise."""
    code = str(value).strip().lower()
    if code not in RELATIONS:
        raise InvalidValueError(f"unknown relation {value!r}: use corroborates or contradicts")
    return code


def reliability_label(code: str | None) -> str | None:
    return _RELIABILITY[code].label if code in _RELIABILITY else None


def credibility_label(code: int | None) -> str | None:
    return _CREDIBILITY[code].label if code in _CREDIBILITY else None


def suggest_status(relations: list[str]) -> str:
    """The status the links of a claim suggest (the analyst decides): any contradiction makes
    it disputed, corroboration alone corroborated, no link unverified."""
    if "contradicts" in relations:
        return "disputed"
    if "corroborates" in relations:
        return "corroborated"
    return "unverified"


def grading_scales() -> dict[str, list[dict[str, Any]]]:
    """Every scale with its codes and meanings, for the GUI and `claim grades`."""
    return {
        "reliability": [g.to_dict() for g in RELIABILITY],
        "credibility": [g.to_dict() for g in CREDIBILITY],
        "statuses": [g.to_dict() for g in STATUSES],
        "relations": [{"code": r} for r in RELATIONS],
    }

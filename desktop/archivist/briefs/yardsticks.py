"""Probability yardsticks for key judgments (ICD 203 and the UK PHIA yardstick), and the
analytic confidence levels: the words a judgment may use, with their ranges."""

from __future__ import annotations

from dataclasses import dataclass

from archivist.errors import InvalidValueError

CONFIDENCE_LEVELS = ("low", "moderate", "high")


@dataclass(frozen=True)
class Term:
    """A likelihood term and the range of probability (in percent) it stands for."""

    name: str
    low: int
    high: int
    #: Other words the yardstick gives the same meaning (ICD 203 pairs each term with one).
    synonyms: tuple[str, ...] = ()

    @property
    def range_text(self) -> str:
        """The range as printed in a legend: "55–80 %", "≤ 5 %", "≥ 95 %"."""
        if self.low == 0:
            return f"≤ {self.high} %"
        if self.high == 100:
            return f"≥ {self.low} %"
        return f"{self.low}–{self.high} %"

    @property
    def middle(self) -> float:
        return (self.low + self.high) / 2


@dataclass(frozen=True)
class Yardstick:
    """A set of likelihood terms, least to most likely."""

    key: str
    name: str
    terms: tuple[Term, ...]
    #: ICD 203 forbids a likelihood and a confidence level in the same sentence.
    separate_confidence: bool

    def term(self, value: str | None) -> Term:
        """The term `value` names (case and spacing aside; synonyms accepted).

        Raises:
            InvalidValueError: not a term of this yardstick (the message lists them).
        """
        wanted = " ".join((value or "").lower().split())
        for term in self.terms:
            if wanted == term.name or wanted in term.synonyms:
                return term
        raise InvalidValueError(
            f"{value!r} is not a likelihood term of the {self.name} yardstick; use one of: "
            + ", ".join(term.name for term in self.terms)
        )

    def nearest(self, term: Term) -> Term:
        """This yardstick's term for the probability another yardstick's `term` stands for
        (the one whose range holds its middle, or the closest)."""
        return min(
            self.terms,
            key=lambda mine: (
                0 if mine.low <= term.middle <= mine.high else 1,
                abs(mine.middle - term.middle),
            ),
        )


ICD_203 = Yardstick(
    "icd203",
    "ICD 203",
    (
        Term("almost no chance", 1, 5, ("remote",)),
        Term("very unlikely", 5, 20, ("highly improbable",)),
        Term("unlikely", 20, 45, ("improbable",)),
        Term("roughly even chance", 45, 55, ("roughly even odds",)),
        Term("likely", 55, 80, ("probable",)),
        Term("very likely", 80, 95, ("highly probable",)),
        Term("almost certain", 95, 99, ("nearly certain", "almost certainly")),
    ),
    separate_confidence=True,
)

PHIA = Yardstick(
    "phia",
    "UK PHIA probability",
    (
        Term("remote chance", 0, 5),
        Term("highly unlikely", 10, 20),
        Term("unlikely", 25, 35),
        Term("realistic possibility", 40, 50),
        Term("likely", 55, 75, ("probably", "likely or probably")),
        Term("highly likely", 80, 90),
        Term("almost certain", 95, 100),
    ),
    separate_confidence=False,
)

YARDSTICKS = {ICD_203.key: ICD_203, PHIA.key: PHIA}
DEFAULT_YARDSTICK = ICD_203.key


def yardstick(key: str | None) -> Yardstick:
    """The yardstick `key` names ("icd203" or "phia"; the default when None).

    Raises:
        InvalidValueError: an unknown yardstick.
    """
    if key is None:
        return YARDSTICKS[DEFAULT_YARDSTICK]
    wanted = key.strip().lower().replace(" ", "").replace("-", "").replace("_", "")
    if wanted in YARDSTICKS:
        return YARDSTICKS[wanted]
    raise InvalidValueError(
        f"{key!r} is not a yardstick; use one of: {', '.join(sorted(YARDSTICKS))}"
    )


def clean_confidence(value: str | None) -> str:
    """An analytic confidence level: low, moderate or high.

    Raises:
        InvalidValueError: anything else.
    """
    wanted = (value or "").strip().lower()
    if wanted not in CONFIDENCE_LEVELS:
        raise InvalidValueError(
            f"confidence is one of {', '.join(CONFIDENCE_LEVELS)}, not {value!r}"
        )
    return wanted

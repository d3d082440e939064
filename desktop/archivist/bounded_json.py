"""JSON from outside Archivist, read within bounds: size, nesting depth and finite numbers.

Python's parser recurses once per nesting level and turns `1e999` into infinity; a hostile
or damaged file must give one clear error instead of a RecursionError or an OverflowError
deep inside whatever reads the values.
"""

from __future__ import annotations

import json
import math
from typing import Any

from archivist.errors import InvalidValueError

MAX_DEPTH = 64  # Web Annotation JSON-LD nests about 8 levels; 64 leaves room for others'.
MAX_BYTES = 256 * 1024 * 1024  # an export of a large archive (~100,000 annotations) fits.


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise InvalidValueError(f"the number {shortened(text)} is out of range")
    return value


def _no_constant(name: str) -> float:
    raise InvalidValueError(f"{name} is not a number JSON allows")


def shortened(text: str, limit: int = 40) -> str:
    """A value from the file as an error message quotes it: cut after `limit` characters."""
    return text if len(text) <= limit else f"{text[:limit]}…"


def depth(value: Any) -> int:
    """How many arrays and objects nest in `value` (0 for a number or string), without
    recursing, so that it never overflows the stack."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        node, level = pending.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        level += 1
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        pending.extend((child, level) for child in children)
    return deepest


def loads(text: str | bytes, what: str = "the file") -> Any:
    """Parse JSON `text`, refusing what no honest file holds.

    Raises:
        InvalidValueError: not JSON, larger than MAX_BYTES, nested deeper than MAX_DEPTH,
            or holding a number that is not finite (NaN, Infinity, 1e999) or has
            thousands of digits; the message names `what` and the reason.
    """
    if len(text) > MAX_BYTES:
        raise InvalidValueError(f"{what} is larger than {MAX_BYTES // (1024 * 1024)} MiB of JSON")
    try:
        value = json.loads(text, parse_float=_finite, parse_constant=_no_constant)
    except RecursionError:
        value = None
        deep = True
    except InvalidValueError as exc:
        raise InvalidValueError(f"{what}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InvalidValueError(f"{what} is not JSON: {exc}") from None
    except UnicodeDecodeError as exc:
        raise InvalidValueError(f"{what} is not UTF-8, UTF-16 or UTF-32 text: {exc}") from None
    except ValueError:  # an integer of more digits than Python converts (4,300)
        raise InvalidValueError(
            f"{what} holds a number out of range (an integer of thousands of digits)"
        ) from None
    else:
        deep = depth(value) > MAX_DEPTH
    if deep:
        raise InvalidValueError(f"{what} nests arrays or objects deeper than {MAX_DEPTH} levels")
    return value

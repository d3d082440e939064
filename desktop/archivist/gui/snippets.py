"""Turning the core's marked snippets (matches as **word**) into safe rich text."""

from __future__ import annotations

import html

MARK = "**"


def snippet_spans(snippet: str) -> list[tuple[str, bool]]:
    """The snippet as (text, is_match) pieces; an unpaired mark is kept as text."""
    parts = snippet.split(MARK)
    if len(parts) % 2 == 0:
        # An odd number of marks: the last one is literal text, not a highlight.
        parts[-2:] = [parts[-2] + MARK + parts[-1]]
    return [(part, i % 2 == 1) for i, part in enumerate(parts) if part]


def snippet_html(snippet: str, highlight: str = "#ffe08a") -> str:
    """Rich text for a snippet: every character escaped, matches on a highlight colour.

    Article text is untrusted: nothing in it may become markup.
    """
    out: list[str] = []
    for text, is_match in snippet_spans(snippet):
        escaped = html.escape(text, quote=True)
        if is_match:
            out.append(
                f'<span style="background-color:{highlight}; color:#1f2933">{escaped}</span>'
            )
        else:
            out.append(escaped)
    return "".join(out)

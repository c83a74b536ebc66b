"""Render the plan's stored text: blank lines part paragraphs, «1.» and «•» make lists.

The same rule the editors are told in the help text of every long text field.
"""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

NUMBERED = re.compile(r"^\d+\.\s+(?P<text>.+)$")
BULLETED = re.compile(r"^•\s*(?P<text>.+)$")


def _kind(line: str) -> tuple[str, str]:
    for kind, pattern in (("ol", NUMBERED), ("ul", BULLETED)):
        match = pattern.match(line)
        if match:
            return kind, match["text"]
    return "p", line


def _render_block(lines: list[str]) -> list[str]:
    html: list[str] = []
    run_kind, run = "", []

    def close() -> None:
        if not run:
            return
        if run_kind == "p":
            html.append(f"<p>{escape(' '.join(run))}</p>")
        else:
            items = "".join(f"<li>{escape(item)}</li>" for item in run)
            html.append(f"<{run_kind}>{items}</{run_kind}>")

    for line in lines:
        kind, text = _kind(line)
        if kind != run_kind:
            close()
            run_kind, run = kind, []
        run.append(text)
    close()
    return html


@register.filter
def plantekst(text: str) -> SafeString:
    html: list[str] = []
    for block in re.split(r"\n\s*\n", text or ""):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        html.extend(_render_block(lines))
    return mark_safe("\n".join(html))

"""The hand-written sections of BENCHMARKS.md (a `## ` section no bench/report*.py writes, such as
issue 35's boot timeline), kept in their place when bench/report.py rewrites the page.

    text, kept = keep_hand_written(new_text, old_text)   # old_text: the page as it was, or ""
    # kept: the headings carried over, said in the run's log

A kept section goes after the section it followed in the old page (the last one before it that
the new page has; after the last section, before the closing `Raw numbers:` line). A section
whose heading the report can write (GENERATED) is never kept: when a run has no numbers for it,
old ones stay out of the page.
"""

# every `## ` heading bench/report*.py and bench/completion.py write (tests/unit checks the list)
GENERATED = (
    "Frame loops",
    "The model in a Web Worker",
    "The vision demos: face, hands, person mask",
    "The bridge: what one crossing costs",
    "The teach demo",
    "Soak: 1,000 frames of each Python-driven loop",
    "Time to a usable page (medians, ms since navigation)",
    "Where a boot's time goes: the lab against the floor",
    "First and second visits",
    "Completion in the Sketch editor",
    "Speed levers",
    "Notes",
)
# the page's last line, after every section: kept sections go before it
TAIL = "Raw numbers:"


def sections(text: str) -> list[tuple[str, list[str]]]:
    """(heading, lines) in page order; the part before the first `## ` has the heading ""."""
    parts: list[tuple[str, list[str]]] = [("", [])]
    for line in text.splitlines():
        if line.startswith("## "):
            parts.append((line[3:].strip(), []))
        parts[-1][1].append(line)
    return parts


def keep_hand_written(new: str, old: str) -> tuple[str, list[str]]:
    new_parts = sections(new)
    written = {heading for heading, _ in new_parts}
    after: dict[str, list[list[str]]] = {}  # heading in the new page → sections to follow it
    kept, previous = [], ""
    for heading, lines in sections(old):
        if heading in written:
            previous = heading
        elif heading and heading not in GENERATED:
            body = [line for line in lines if not line.startswith(TAIL)]
            while body and not body[-1].strip():
                body.pop()
            after.setdefault(previous, []).append(body + [""])
            kept.append(heading)
    if not kept:
        return new, []
    out: list[str] = []

    def insert(bodies):
        if bodies and out and out[-1].strip():
            out.append("")
        for body in bodies:
            out.extend(body)

    for heading, lines in new_parts:
        tail = next((i for i, line in enumerate(lines) if line.startswith(TAIL)), len(lines))
        out.extend(lines[:tail])
        insert(after.pop(heading, []))
        out.extend(lines[tail:])
    return "\n".join(out).rstrip("\n") + "\n", kept

"""Bounded output for a console panel: a print() flood keeps the page responsive.

    from lab.core.output import OutputBuffer

    buffer = OutputBuffer(keep=500, burst=100)
    if buffer.add("hello\n", "out"):     # True: few lines so far, show this one now
        show("hello\n", "out")
    else:                                # False: held; show them at the next flush
        schedule(flush)
    lines, dropped = buffer.take()       # at the flush: the newest lines, and how many fell out

Writing each line of a tight `print()` loop to the page would grow it without
bound and cost a layout per line; past a burst of lines the rest is held, and
only the newest `keep` survive until the page gets a turn to show them.
"""

from collections import deque

MAX_CHARS = 10_000               # one print() longer than this is cut


def clip(text: str, most: int = MAX_CHARS) -> str:
    if len(text) <= most:
        return text
    return f"{text[:most]}… ({len(text) - most:,} more characters not shown)\n"


class OutputBuffer:
    def __init__(self, keep: int = 500, burst: int = 100):
        self.keep, self.burst = keep, burst
        self._held = deque(maxlen=keep)
        self._budget = burst        # lines that may still be shown at once before the next flush
        self.dropped = 0            # lines that fell out since the last take()

    def add(self, text: str, kind: str = "out") -> bool:
        """Note one piece of output; True if it may be shown right now."""
        if self._budget > 0 and not self._held:
            self._budget -= 1
            return True
        if len(self._held) == self.keep:
            self.dropped += 1
        self._held.append((clip(text), kind))
        return False

    @property
    def held(self) -> int:
        return len(self._held)

    def take(self):
        """The held lines (oldest first) and how many were dropped; shows may start again."""
        lines, dropped = list(self._held), self.dropped
        self._held.clear()
        self.dropped = 0
        self._budget = self.burst
        return lines, dropped

"""The sketchbook's rules, in plain Python: sketches, their order, their names, files. No browser.

    from lab.sketch.book import Sketch, newest_first, unique_name, clean_name, check_file, file_name

    sketch = Sketch.new("Sketch 1", code, now=1765000000.0)   # an id, created = updated = now
    newest_first([a, b, c])                 # the list as #sketch-list shows it
    unique_name("Sketch", ["Sketch 1"])     # "Sketch 2"; a copy: unique_name("Walk copy", names)
    clean_name("  my   idea ")              # "my idea" (NameError_: what to do, when empty)
    check_file("pose.py", 1200)             # SketchFileError (saying what to do) before reading
    file_name("My idea!")                   # "My-idea.py"
    Sketch.from_record(record)              # a kept record, checked field by field

A kept record comes from this browser's storage, which another tab (or an older lab) may
have written: `from_record` takes nothing on trust, and refuses what is not a sketch.
"""

import re
import secrets
from dataclasses import asdict, dataclass

MAX_CODE = 200_000          # characters, as lab.core.share.MAX_SOURCE: a link holds no more
MAX_FILE_BYTES = 4 * MAX_CODE   # UTF-8 takes at most 4 bytes a character
MAX_NAME = 60
FILE_TYPES = (".py", ".txt")
_SPACES = re.compile(r"\s+")
_UNSAFE = re.compile(r"[^A-Za-z0-9._]+")
_NUMBERED = re.compile(r"^(.*?)(?: (\d+))?$")


class SketchFileError(ValueError):
    """A file that cannot be opened as a sketch; the text says why and what to do."""


class SketchNameError(ValueError):
    """A name a sketch cannot take; the text says why."""


@dataclass
class Sketch:
    id: str
    name: str
    code: str
    created: float          # seconds since the epoch
    updated: float
    origin: str = ""        # the code it started from (a template, an example, a file): Reset
    rev: int = 0            # how many times it was saved: another tab's save is seen by it

    @classmethod
    def new(cls, name: str, code: str, now: float, origin: str | None = None) -> "Sketch":
        return cls(new_id(), name, code, now, now, code if origin is None else origin)

    def record(self) -> dict:
        return asdict(self)

    @classmethod
    def from_record(cls, record) -> "Sketch | None":
        """A sketch from what storage gave, or None if it is not one (or too big)."""
        if not isinstance(record, dict):
            return None
        try:
            sketch = cls(id=record["id"], name=record["name"], code=record["code"],
                         created=float(record["created"]), updated=float(record["updated"]),
                         origin=record.get("origin", ""), rev=int(record.get("rev", 0)))
        except (KeyError, TypeError, ValueError):
            return None
        if not all(isinstance(v, str) for v in (sketch.id, sketch.name, sketch.code, sketch.origin)):
            return None
        if not sketch.id or len(sketch.id) > 64 or len(sketch.code) > MAX_CODE:
            return None
        sketch.name = clean_name(sketch.name, fallback="Untitled sketch")
        sketch.origin = sketch.origin[:MAX_CODE]
        return sketch


def new_id() -> str:
    return secrets.token_hex(6)


def merge(shown: dict, kept: list, keep: set) -> dict:
    """{id: Sketch} to list once another tab changed what is kept: the `kept` sketches, a newer
    revision replacing the one `shown`, gone when removed; but those in `keep` (shown here, or
    not saved yet) stay as they are here."""
    merged = {}
    for sketch in kept:
        mine = shown.get(sketch.id)
        merged[sketch.id] = mine if mine is not None and mine.rev >= sketch.rev else sketch
    merged.update({id_: shown[id_] for id_ in keep if id_ in shown})
    return merged


def newest_first(sketches) -> list:
    """Last changed first; among equals, last made first, then by id (a stable order)."""
    return sorted(sketches, key=lambda s: (s.updated, s.created, s.id), reverse=True)


def clean_name(name: str, fallback: str | None = None) -> str:
    """A name with its spaces tidied, at most MAX_NAME characters. Empty: `fallback`, or
    SketchNameError."""
    name = _SPACES.sub(" ", str(name)).strip()[:MAX_NAME].strip()
    if not name:
        if fallback is None:
            raise SketchNameError("A sketch needs a name: type one, or press Escape to keep "
                                  "the one it has.")
        return fallback
    return name


def unique_name(wanted: str, taken) -> str:
    """`wanted`, or with the first free number after it: "Sketch" -> "Sketch 2" when "Sketch"
    (or "Sketch 1") is taken. A name ending in a number counts on from it."""
    taken = {name.casefold() for name in taken}
    wanted = clean_name(wanted, fallback="Sketch")
    if wanted.casefold() not in taken:
        return wanted
    stem, number = _NUMBERED.match(wanted).groups()
    count = int(number) + 1 if number else 2
    while True:
        name = f"{stem[:MAX_NAME - 8]} {count}"
        if name.casefold() not in taken:
            return name
        count += 1


def copy_name(name: str, taken) -> str:
    return unique_name(f"{name[:MAX_NAME - 13]} copy", taken)


def check_file(name: str, size: int) -> None:
    """Refuse a file before it is read: SketchFileError when it is not a .py (or .txt) or too big."""
    shown = _SPACES.sub(" ", str(name))[:80]
    if not str(name).lower().endswith(FILE_TYPES):
        raise SketchFileError(f"“{shown}” is not a Python file: open a .py file (or a .txt "
                              "holding Python code).")
    if size > MAX_FILE_BYTES:
        raise SketchFileError(f"“{shown}” is {size / 1e6:.1f} MB, more than a sketch holds "
                              f"({MAX_CODE:,} characters): open a smaller file.")


def check_code(name: str, text: str) -> str:
    """The text read from a file, as a sketch's code (line ends made \\n)."""
    if len(text) > MAX_CODE:
        raise SketchFileError(f"“{name[:80]}” holds {len(text):,} characters, more than a sketch "
                              f"holds ({MAX_CODE:,}): open a smaller file.")
    if "\x00" in text:
        raise SketchFileError(f"“{name[:80]}” is not text (it holds NUL bytes): open a .py file.")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def name_from_file(file_name_: str) -> str:
    stem = str(file_name_).rsplit("/", 1)[-1]
    for ext in FILE_TYPES:
        if stem.lower().endswith(ext):
            stem = stem[: -len(ext)]
    return clean_name(stem.replace("_", " "), fallback="Opened sketch")


def file_name(name: str) -> str:
    """The sketch's name as a file name to download: letters, digits, dots, dashes."""
    return (_UNSAFE.sub("-", name).strip("-.") or "sketch")[:MAX_NAME] + ".py"

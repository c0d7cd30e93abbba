"""Completion's plain parts: when to offer it, which names to show, how to describe them.

    from lab.sketch.hints import asks_after, keep_name, first_line, Item, WHEELS

    asks_after("stage = camera_stage(demo)\\nstage.")   # "stage": offer stage's names
    keep_name("_private", typed="")                    # False: not unless "_" is typed
    first_line("Each new picture.\\n\\nMore...")         # "Each new picture."
    Item("frames", "function", "frames(again=None)", "Each new picture.").as_dict()

The page's side is lab.sketch.completer (Jedi, fetched by lab.sketch.jedi_load; names read
from the object itself, lab.sketch.fast_names and lab.sketch.members) and js/sketch_hints.js.
"""

import re
from dataclasses import asdict, dataclass

# the pinned wheels (requirements/completion.txt), in vendor/completion/; parso first: jedi needs it
WHEELS = ("parso-0.8.7-py2.py3-none-any.whl", "jedi-0.20.1-py2.py3-none-any.whl")
# what a sketch never needs from Jedi's wheel: Django's type stubs (most of its files)
SKIPPED_IN_WHEELS = ("jedi/third_party/django-stubs/",)
MAX_ITEMS = 200          # a list longer than this helps nobody; the first ones get details
MAX_DETAILED = 40
MAX_DETAIL = 160         # characters of a signature or docstring line
# what a module's source says (a statement: `self.mirror = ...`), not a live value (an instance)
KEPT_KINDS = frozenset({"function", "class", "module", "keyword", "property", "statement"})
MAX_DESCRIBED = 4000     # descriptions kept between lists (then forgotten all at once)

_DOTTED = re.compile(r"(?:^|[^\w.'\"])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.(\w*)$")


def asks_after(before_cursor: str) -> str | None:
    """The dotted name before the cursor's `.` ("tf", "stage.meter"), when the text up to the
    cursor ends with one (and what was typed after it), else None: no list to offer."""
    line = before_cursor.rsplit("\n", 1)[-1]
    if line.lstrip().startswith("#") or line.count('"') % 2 or line.count("'") % 2:
        return None  # in a comment or a string
    match = _DOTTED.search(line)
    return match[1] if match else None


def keep_name(name: str, typed: str = "", javascript: bool = False, hidden=frozenset()) -> bool:
    """Whether to list `name`: private names only once "_" is typed; on a JavaScript object, not
    the bridge's own Python methods nor what every JS object has (`hidden`)."""
    if name.startswith("_") and not typed.startswith("_"):
        return False
    return not (javascript and name in hidden)


def first_line(text: str | None) -> str:
    """The first paragraph's first line of a docstring, cut to MAX_DETAIL characters."""
    for line in (text or "").strip().splitlines():
        line = line.strip()
        if line:
            return line if len(line) <= MAX_DETAIL else line[:MAX_DETAIL - 1] + "…"
        break
    return ""


def describe_key(module: str | None, full_name: str | None, kind: str,
                 changing=("__main__",)) -> tuple | None:
    """What a name's description is kept under between lists: its module, full name and kind,
    for names of modules that stay as they are (the lab's, TF.js's, the standard library's).
    None (describe it each time) for names of the sketch's own code or run (`changing`), and
    for live values (instances): a live object's attribute may hold another later."""
    if not module or not full_name or module in changing or kind not in KEPT_KINDS:
        return None
    return (module, full_name, kind)


@dataclass
class Item:
    name: str
    kind: str               # function, class, module, instance, keyword, JavaScript function...
    signature: str = ""     # frames(again=None): Python names only
    doc: str = ""           # the first docstring line

    def as_dict(self) -> dict:
        return asdict(self)

    def spoken(self) -> str:
        """The item as a screen reader says it when it is selected."""
        parts = [self.name, self.kind, self.signature, self.doc]
        return ", ".join(part for part in parts if part)


def announcement(count: int, target: str) -> str:
    """What the live region says when a list opens."""
    if not count:
        return f"No completions for {target}."
    names = "completion" if count == 1 else "completions"
    return (f"{count} {names} for {target}. Up and down arrows choose, Enter or Tab inserts, "
            "Escape closes.")

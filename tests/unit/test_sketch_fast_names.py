"""Completion without Jedi (lab.sketch.fast_names, lab.sketch.members): which names, read from
which object, and when Jedi answers instead."""

import json
import types

from lab.sketch.fast_names import source, target
from lab.sketch.members import describe, description_key, python_names


class Meter:
    """Counts frames."""

    def __init__(self, every: int = 1):
        self.every = every
        self.ticks = None

    def tick(self, by: int = 1) -> int:
        """One more frame.

        More words."""
        return by

    @property
    def rate(self):
        """Frames a second."""
        return 1.0

    @classmethod
    def made(cls, every):
        return cls(every)


def meter(every: int = 1) -> Meter:
    return Meter(every)


async def later_meter() -> Meter:
    return Meter()


KIT = {"Meter": Meter, "meter": meter, "later_meter": later_meter, "tf": object()}


def found(code: str, run=None):
    """What `code` completes from at its end, or at `|` (after `name.` or `name.typed`)."""
    code = code if "|" in code else code + "|"
    before = code[:code.index("|")]
    line, column = before.count("\n"), len(before.rsplit("\n", 1)[-1])
    dotted = before.rsplit("\n", 1)[-1].rsplit(".", 1)[0].split("=")[-1].strip()
    return source(code.replace("|", ""), line, column, dotted, [run or {}, KIT])


def test_a_name_the_code_never_binds_is_read_live():
    assert found("x = tf.").value is KIT["tf"]
    assert found("tf.te").value is KIT["tf"]
    assert found("made.", run={"made": 5}).value == 5          # the last run's name
    assert found("unknown.") is None                             # nobody has it: Jedi
    assert found("from lab.sketch.kit import *\ntf.").value is KIT["tf"]


def test_a_name_the_code_makes_with_a_known_maker_is_an_instance_of_its_class():
    assert found("m = meter(2)\nm.").instance_of is Meter        # the return annotation
    assert found("m = Meter()\nm.ti").instance_of is Meter       # a class
    assert found("m = await later_meter()\nm.").instance_of is Meter
    live = Meter()
    assert found("m = meter()\nm.", run={"m": live}).live is live
    assert found("m = meter()\nm.", run={"m": 3}).live is None  # the run held something else
    # the code after the cursor may be half-typed
    assert found("m = meter()\nm.|\nif (").instance_of is Meter


def test_anything_else_is_left_to_jedi():
    for code in ("m = later_meter()\nm.",            # a coroutine, not awaited
                 "m = await meter()\nm.",
                 "m = meter()\nm = 3\nm.",            # bound twice, differently
                 "m = [1]\nm.", "m = 'a'.split()\nm.", "for m in x:\n    m.",
                 "def f(m):\n    m.", "m = meter()\nm += 1\nm.", "a, m = 1, meter()\nm.",
                 "def tf(): pass\ntf.", "from numpy import *\ntf.", "tf = 3\ntf.",
                 "import not_imported_anywhere as tf\ntf.", "m = meter()\nm.every.",
                 "x = (\ntf."):
        assert found(code) is None, code


def test_imports_of_modules_already_imported_are_read_live():
    assert found("import json\njson.").value is json
    assert found("import json as j\nj.du").value is json
    assert found("from json import decoder\ndecoder.").value is json.decoder
    assert found("import os.path\nos.").value.__name__ == "os"


def test_a_dotted_name_walks_plain_attributes_only():
    space = types.SimpleNamespace(inner=types.SimpleNamespace(n=1), meter=Meter())
    assert found("space.inner.", run={"space": space}).value is space.inner
    assert found("json.decoder.", run={"json": json}).value is json.decoder
    assert found("M.rate.", run={"M": Meter}) is None       # a property: its value is code's


def test_names_kinds_and_order_are_jedis():
    names = dict(python_names(Meter, instance=True))
    assert names["tick"] == "function" and names["rate"] == "property"
    assert names["every"] == "statement" and names["made"] == "function"
    assert [n for n, _ in python_names(Meter, "t", instance=True)] == ["ticks", "tick"][::-1]
    order = [n for n, _ in python_names(Meter, instance=True)]
    assert order.index("tick") < order.index("__init__") and "_x" not in order
    assert dict(python_names(Meter(), ""))["ticks"] == "None"   # a value that is None
    live = dict(python_names(Meter, instance=True, live=Meter(3)))
    assert live["every"] == "instance" and live["ticks"] == "None"
    assert dict(python_names(json))["decoder"] == "module"


def test_details_are_a_signature_and_the_docstrings_first_line():
    item = describe(Meter, "tick", "function", instance=True)
    assert (item.signature, item.doc) == ("tick(by: int = 1) -> int", "One more frame.")
    assert describe(Meter, "tick", "function").signature.startswith("tick(self, ")
    assert describe(Meter(), "tick", "function").signature == "tick(by: int = 1) -> int"
    assert describe(Meter, "made", "function").signature == "made(every)"
    assert describe(Meter, "rate", "property", instance=True).doc == "Frames a second."
    assert describe(Meter(), "ticks", "None").as_dict() == {
        "name": "ticks", "kind": "None", "signature": "", "doc": ""}      # not NoneType()
    assert describe({"Meter": Meter}["Meter"], "__init__", "function").signature \
        == "__init__(self, every: int = 1)"
    key = description_key(Meter, "tick", "function", True, changing=("__main__",))
    assert key and key != description_key(Meter, "tick", "function", False)
    assert description_key(Meter, "every", "statement", True) is None
    assert description_key(Meter, "tick", "function", True, changing=(__name__,)) is None


def test_the_target_before_the_dot_is_read_without_running_properties():
    class Thing:
        ran = False

        @property
        def value(self):
            Thing.ran = True
            return 1
    spaces = [{"thing": Thing()}, {"json": json}]
    assert target("json", spaces, lambda v: False) is json
    assert isinstance(target("thing.value", spaces, lambda v: False), property) and not Thing.ran
    assert target("missing.x", spaces, lambda v: False) is None
    assert target("json.nowhere", spaces, lambda v: False) is None
    # a JavaScript object's attributes are read as the bridge gives them
    assert target("thing.value", spaces, lambda v: isinstance(v, Thing)) == 1 and Thing.ran

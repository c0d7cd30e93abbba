"""The names a Python object offers after a dot, as Jedi lists them, read from the object.

    from lab.sketch.members import python_names, describe

    python_names(stage_module, "fr")              # [("frames", "function"), ...]
    python_names(Stage, "", instance=True)        # a Stage's names: its class's and `self.x = `
    describe(Stage, "frames", "function", instance=True)   # Item("frames", "function",
                                                  #   "frames(again=None)", "Each new picture.")

Kinds are Jedi's words: function, class, module, property, statement (an attribute the class's
source sets, `self.mirror = ...`), instance (a value), and None for an attribute that holds None.
Order is Jedi's: public names, then `_x`, then `__x`, each by name ignoring case.
"""

import ast
import functools
import inspect
import textwrap
import types

from lab.sketch.hints import MAX_DETAIL, Item, first_line

_FUNCTIONS = (types.FunctionType, types.BuiltinFunctionType, types.MethodType,
              types.MethodDescriptorType, types.WrapperDescriptorType,
              types.ClassMethodDescriptorType, staticmethod, classmethod)


def jedi_order(names) -> list[str]:
    return sorted(names, key=lambda n: (n.startswith("__"), n.startswith("_"), n.lower()))


@functools.cache
def set_in_source(cls: type) -> frozenset:
    """Attributes the methods of `cls` (and its bases) set on `self`, read from their source."""
    names = set()
    for klass in cls.__mro__:
        if klass is object or klass.__module__ == "builtins":
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        except (OSError, TypeError, SyntaxError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) \
                    and isinstance(node.value, ast.Name) and node.value.id == "self":
                names.add(node.attr)
    return frozenset(names)


def kind_of(value, static=True) -> str:
    """Jedi's word for what `value` is (`static`: read from a class, not run)."""
    if isinstance(value, type):
        return "class"
    if isinstance(value, types.ModuleType):
        return "module"
    if isinstance(value, property) or (static and type(value).__name__ in (
            "cached_property", "getset_descriptor", "member_descriptor")):
        return "property"
    if isinstance(value, _FUNCTIONS) or (callable(value) and inspect.isroutine(value)):
        return "function"
    return "None" if value is None else "instance"


def _static(owner, name):
    try:
        return inspect.getattr_static(owner, name)
    except AttributeError:
        return _ABSENT


_ABSENT = object()


def python_names(owner, typed: str = "", instance: bool = False, live=None) -> list[tuple]:
    """(name, kind) for the names of `owner` starting with `typed`: a module, class or value;
    with `instance`, the names of an instance of the class `owner` (`live`: one that exists)."""
    names = set(dir(owner))
    own = {}  # values the object holds itself (not its class's)
    if instance:
        names |= set_in_source(owner)
        own = getattr(live, "__dict__", None) if live is not None else None
    elif not isinstance(owner, (type, types.ModuleType)):
        own = getattr(owner, "__dict__", None)
    own = own if isinstance(own, dict) else {}
    names |= set(own)
    listed = []
    for name in jedi_order(n for n in names if n.startswith(typed)):
        if name in own:
            kind = kind_of(own[name], static=False)
        else:
            found = _static(owner, name)
            kind = "statement" if found is _ABSENT else kind_of(found)
        listed.append((name, kind))
    return listed


def _bound(owner, name: str, value, instance: bool) -> bool:
    """Whether the method is read from an instance (its first parameter is then given)."""
    if isinstance(value, classmethod):
        return True
    if isinstance(owner, type) and not instance or isinstance(owner, types.ModuleType):
        return False
    if isinstance(value, (types.MethodDescriptorType, types.WrapperDescriptorType)):
        return True
    return isinstance(value, types.FunctionType) and (
        instance or name not in getattr(owner, "__dict__", {}))


def _signature(name: str, value, bound: bool) -> str:
    target = value.__func__ if isinstance(value, (staticmethod, classmethod)) else value
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return ""
    params = list(signature.parameters.values())
    if params and bound:
        params = params[1:]  # self or cls: Jedi leaves it out of a method's signature
    return f"{name}{signature.replace(parameters=params)}"[:MAX_DETAIL]


def describe(owner, name: str, kind: str, instance: bool = False) -> Item:
    """The list's details for `name` of `owner`: a callable's signature, a docstring's first line
    (nothing is run: properties are read from the class)."""
    value = _static(owner, name)
    if kind in ("statement", "None", "instance") or value is _ABSENT:
        return Item(name, kind)
    if kind == "property":
        doc = value.__doc__ if isinstance(value, property) else None
        return Item(name, kind, "", first_line(doc))
    signature = _signature(name, value, _bound(owner, name, value, instance)) \
        if kind in ("function", "class") else ""
    return Item(name, kind, signature, first_line(inspect.getdoc(value)))


def description_key(owner, name: str, kind: str, instance: bool, changing=()) -> tuple | None:
    """What describe's answer may be kept under between lists: the attribute's own module,
    name and kind, and whether it is read from an instance; None for values and for modules
    in `changing` (the sketch's own)."""
    if kind not in ("function", "class", "module", "property"):
        return None
    value = _static(owner, name)
    if isinstance(value, property):
        value = value.fget
    if kind == "module":
        module, qualname = getattr(value, "__name__", None), ""
    else:
        value = getattr(value, "__func__", value)
        module = getattr(value, "__module__", None)
        qualname = getattr(value, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(qualname, str) or module in changing:
        return None
    return ("fast", module, qualname, kind, _bound(owner, name, _static(owner, name), instance))

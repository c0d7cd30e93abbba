"""Completion without Jedi: `name.` (and `name.par`) answered from the live object, when the
sketch's code says plainly what the name holds.

    from lab.sketch.fast_names import source, python_names

    found = source(code, line, column, "stage", spaces)   # spaces: [run's names, the kit's]
    found.value                # the object to list (a module, a class, a live value, a JS object)
    found.instance_of          # or the class whose instance the code makes (stage = camera_stage(demo))
    python_names(found, "fr")  # [("frames", "function"), ...], in Jedi's order

`source` gives None (ask Jedi) unless the name is one of: not bound in the code at all and live
(the last run's names, the kit's, `tf`, `ml5`, `lab`); bound only by imports of modules
already imported; bound only as `name = [await] maker(...)` where `maker` is a class or a
function of a known module whose return annotation is a class (the kit's `camera_stage`,
`pose_model`...). Everything else (calls, expressions, parameters, anything half-understood)
stays Jedi's. Pure Python: lab.sketch.completer adds the page's side.
"""

import ast
import inspect
import sys
import types
from dataclasses import dataclass

MAX_CODE = 100_000  # characters: longer code is left to Jedi
_NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
STAR_OK = frozenset({"lab.sketch.kit"})  # a star import of these binds the kit's names only


@dataclass
class Found:
    value: object = None
    instance_of: type | None = None   # the code makes an instance of this class
    live: object = None               # ...and the last run left one (its attributes count too)


def typed_after_dot(before: str) -> str:
    """What was typed after the last `.` before the cursor ("fr" in `stage.fr`)."""
    return before[len(before.rstrip(_NAME_CHARS)):]


def _parse(code: str, line: int, column: int, dotted: str) -> ast.Module | None:
    """The code with the cursor's `dotted.typed` made the plain expression `dotted`."""
    lines = code.split("\n")
    here = lines[line]
    head = here[:column]
    head = head[:len(head) - len(typed_after_dot(head))]   # up to the dot
    fixed = head[:-1] + here[column:]                       # the dot and typed name dropped
    for text in ("\n".join(lines[:line] + [fixed] + lines[line + 1:]),
                 "\n".join(lines[:line] + [head[:-1]])):    # code after the cursor may be half-done
        try:
            return ast.parse(text)
        except (SyntaxError, ValueError):
            continue
    return None


def _bindings(tree: ast.Module, name: str) -> list | None:
    """Every statement or node that binds `name` anywhere in the code; None when a star import
    (other than the kit's) might."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":
                    if not (isinstance(node, ast.ImportFrom) and node.module in STAR_OK
                            and not node.level):
                        return None
                elif (alias.asname or alias.name.split(".")[0]) == name:
                    found.append((node, alias))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                found.append(node)
        elif isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load) and node.id == name:
            found.append(node)  # unpacked, for, with, :=, del, augmented...
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
                and node.name == name:
            found.append(None)
        elif isinstance(node, ast.arg) and node.arg == name:
            found.append(None)
        elif isinstance(node, (ast.Global, ast.Nonlocal)) and name in node.names:
            found.append(None)
        elif isinstance(node, ast.ExceptHandler) and node.name == name:
            found.append(None)
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name == name:
            found.append(None)
        elif isinstance(node, ast.MatchMapping) and node.rest == name:
            found.append(None)
    # a plain `name = ...` also shows up as its Name target: keep the statement only
    plain = {id(t) for n in found if isinstance(n, (ast.Assign, ast.AnnAssign))
             for t in (n.targets if isinstance(n, ast.Assign) else [n.target])}
    return [n for n in found if not (isinstance(n, ast.Name) and id(n) in plain)]


def _imported(node, alias):
    """What an import binds, if its module is imported already (never import here)."""
    if isinstance(node, ast.Import):
        if alias.asname:
            return sys.modules.get(alias.name, _MISSING)
        return sys.modules.get(alias.name.split(".")[0], _MISSING)
    if node.level or node.module not in sys.modules:
        return _MISSING
    module = sys.modules[node.module]
    value = getattr(module, alias.name, _MISSING)
    if value is _MISSING:
        value = sys.modules.get(f"{node.module}.{alias.name}", _MISSING)
    return value


_MISSING = object()


def _made(value_node, tree, spaces, depth) -> type | None:
    """The class `[await] maker(...)` makes, when `maker` says so plainly."""
    awaited = isinstance(value_node, ast.Await)
    call = value_node.value if awaited else value_node
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)) or depth > 2:
        return None
    maker = _resolve(call.func.id, tree, spaces, depth + 1)
    if maker is None or maker.instance_of is not None:
        return None
    maker = maker.value
    if isinstance(maker, type):
        return None if awaited else maker
    if not isinstance(maker, types.FunctionType) or \
            inspect.iscoroutinefunction(maker) != awaited:
        return None
    try:
        made = inspect.get_annotations(maker, eval_str=True).get("return")
    except Exception:  # noqa: BLE001 (an annotation that does not evaluate: Jedi's then)
        return None
    return made if isinstance(made, type) and made.__module__ != "builtins" else None


def _resolve(name: str, tree, spaces: list[dict], depth: int = 0) -> Found | None:
    bound = _bindings(tree, name)
    if bound is None or None in bound:
        return None
    if not bound:
        for space in spaces:
            if name in space:
                return Found(space[name])
        return None
    values, made = set(), set()
    for node in bound:
        if isinstance(node, tuple):
            value = _imported(*node)
            if value is _MISSING:
                return None
            values.add(id(value))
            last = value
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            kind = _made(node.value, tree, spaces, depth)
            if kind is None:
                return None
            made.add(kind)
        else:
            return None
    if values and made or len(values) > 1 or len(made) > 1:
        return None
    if values:
        return Found(last)
    kind = made.pop()
    live = next((space[name] for space in spaces if name in space), None)
    return Found(instance_of=kind, live=live if isinstance(live, kind) else None)


def _plain(value) -> bool:
    """An attribute read statically that is itself the value (not a property to run)."""
    if isinstance(value, (type, types.ModuleType)):
        return True
    return not callable(value) and not hasattr(type(value), "__get__")


def source(code: str, line: int, column: int, dotted: str, spaces: list[dict],
           javascript=lambda value: False) -> Found | None:
    """What `dotted.` at (line, column) names, read without Jedi, or None (see the module)."""
    if len(code) > MAX_CODE:
        return None
    tree = _parse(code, line, column, dotted)
    if tree is None:
        return None
    head, *rest = dotted.split(".")
    found = _resolve(head, tree, spaces)
    if found is None or (rest and found.instance_of is not None):
        return None  # an instance's own attributes: their values are the code's (Jedi's)
    value = found.value
    for part in rest:
        try:
            value = getattr(value, part) if javascript(value) else \
                inspect.getattr_static(value, part)
        except Exception:  # noqa: BLE001 (not there yet: Jedi may know more)
            return None
        if not javascript(value) and not _plain(value):
            return None
    return Found(value) if rest else found


def target(dotted: str, spaces: list[dict], javascript):
    """The object named before the dot, read without running Python properties (a JS object's,
    where `javascript(value)`, by getattr); None if a name is not there (yet)."""
    head, *rest = dotted.split(".")
    for space in spaces:
        if head in space:
            value = space[head]
            break
    else:
        return None
    try:
        for part in rest:
            value = getattr(value, part) if javascript(value) else inspect.getattr_static(value, part)
    except Exception:  # noqa: BLE001 (a name not there yet: Jedi still knows the code)
        return None
    return value

"""Write docs/reference.md, the reference of what a sketch uses, from the lab's docstrings.

    python3 tools/make_reference.py            # rewrite docs/reference.md
    python3 tools/make_reference.py --check    # exit 1 if it is not current (a unit test runs this)

The names are lab.sketch.kit's `__all__` (what a sketch imports), then EXTRA (what a sketch
meets without importing it: the frames its stage gives; the hand, face and person models). Each
is found where it is defined, following the imports, and read with `ast`: nothing is imported,
since the modules need the page. A class shows its docstring (its module's, if it has none),
its public methods and properties with their signatures, and those of its base class.
`help(name)` in a sketch's console shows the same docstrings.
"""

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = ROOT / "py"
OUT = ROOT / "docs" / "reference.md"
KIT = "lab.sketch.kit"
EXTRA = [("lab.media.frames", "Frame"), ("lab.core.demo", "Demo"),
         ("lab.hands.model", "HandModel"), ("lab.face.model", "FaceModel"),
         ("lab.segment.model", "SegmentModel")]
HEADER = """# Reference: what a sketch uses

Generated from the docstrings by `tools/make_reference.py`: do not edit it by hand (a unit test
fails when it is not current). In a sketch, `help(name)` prints the same to its console, and the
editor completes these names as you type. The examples in the Sketch tab use them.
"""


def _tree(module: str) -> ast.Module:
    path = PY / Path(*module.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    return ast.parse(path.read_text(), str(path))


def _lazy_import(tree: ast.Module, name: str) -> str | None:
    """`from X import name as value` inside a module's __getattr__ (lab/__init__.py)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name == name and node.module:
                    return node.module
    return None


def find(module: str, name: str):
    """(module, node, tree) where `name` is defined, following `from … import` re-exports."""
    tree = _tree(module)
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
                and node.name == name:
            return module, node, tree
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return module, node, tree
    source = _lazy_import(tree, name)
    if source is None:
        raise LookupError(f"{name} is not defined in {module}")
    return find(source, name)


def _signature(node) -> str:
    args = ast.unparse(node.args)
    if args.startswith("self, ") or args == "self":
        args = args[6:] if args != "self" else ""
    elif args.startswith("cls, ") or args == "cls":
        args = args[5:] if args != "cls" else ""
    prefix = "async " if isinstance(node, ast.AsyncFunctionDef) else ""
    return f"{prefix}{node.name}({args})"


def _doc(node, fallback: str = "") -> str:
    return (ast.get_docstring(node) or fallback or "(no docstring)").strip()


def _members(cls: ast.ClassDef) -> list[str]:
    lines = []
    for node in cls.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) \
                and not node.name.startswith("_"):
            decorators = {ast.unparse(d) for d in node.decorator_list}
            if any(d.endswith(".setter") for d in decorators):
                continue
            shown = node.name if "property" in decorators else _signature(node)
            doc = " ".join(_doc(node).split())
            lines.append(f"- `{shown}`{' (property)' if 'property' in decorators else ''}: {doc}")
    return lines


def entry(module: str, name: str) -> str:
    where, node, tree = find(module, name)
    if isinstance(node, ast.ClassDef):
        init = next((n for n in node.body if isinstance(n, ast.FunctionDef)
                     and n.name == "__init__"), None)
        head = f"### class `{name}({_signature(init)[9:-1] if init else ''})`"
        parts = [head, f"*{where}*", _doc(node, ast.get_docstring(tree) or "")]
        members = _members(node)
        for base in node.bases:
            base_name = ast.unparse(base)
            try:
                base_where, base_node, _ = find(where, base_name)
            except (LookupError, FileNotFoundError):
                continue
            if isinstance(base_node, ast.ClassDef):
                members += [f"{line} *(from {base_name})*" for line in _members(base_node)]
        if members:
            parts.append("\n".join(members))
        return "\n\n".join(parts)
    if isinstance(node, ast.Assign):
        return "\n\n".join([f"### `{name}`", f"*{where}*", _doc(tree)])
    return "\n\n".join([f"### `{_signature(node)}`", f"*{where}*", _doc(node)])


def render() -> str:
    kit = _tree(KIT)
    names = next(ast.literal_eval(n.value) for n in kit.body if isinstance(n, ast.Assign)
                 and getattr(n.targets[0], "id", None) == "__all__")
    parts = [HEADER, f"## `from {KIT} import *`", ast.get_docstring(kit).strip()]
    parts += [entry(KIT, name) for name in names]
    parts.append("## What a sketch meets without importing it")
    parts += [entry(module, name) for module, name in EXTRA if name not in names]
    return "\n\n".join(parts) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/reference.md is stale")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = OUT.is_file() and OUT.read_text() == text
        if not current:
            print("docs/reference.md is not current: run python3 tools/make_reference.py",
                  file=sys.stderr)
        return 0 if current else 1
    OUT.write_text(text)
    print(f"{OUT.relative_to(ROOT)}: {len(text.splitlines())} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What the lab's modules import as they load: every import at a module's top level runs at each
boot (`from lab.app import main` imports most of py/lab/), so none may pull a heavy part of the
standard library that only one rare path needs (issue 35)."""

import ast
from pathlib import Path

LAB = Path(__file__).resolve().parents[2] / "py" / "lab"
# each imports much of the standard library in Pyodide (pydoc: urllib, platform, sysconfig,
# the REPL's pager; statistics: decimal, fractions): import them where they are used
HEAVY = {"pydoc", "statistics", "decimal", "fractions", "urllib", "ipaddress", "platform",
         "sysconfig", "doctest", "unittest", "email", "http"}


def top_level_imports(path: Path) -> set[str]:
    """The modules a file imports as it loads (its body, not its functions')."""
    names = set()
    for node in ast.parse(path.read_text(), str(path)).body:
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_no_lab_module_imports_a_heavy_stdlib_module_as_it_loads():
    found = {str(path.relative_to(LAB)): sorted(top_level_imports(path) & HEAVY)
             for path in sorted(LAB.rglob("*.py"))}
    assert {path: names for path, names in found.items() if names} == {}


def test_the_check_sees_a_top_level_import_and_not_one_in_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import pydoc\nfrom statistics import median\n\ndef f():\n    import decimal\n")
    assert top_level_imports(module) == {"pydoc", "statistics"}

"""The one-way data flow of STYLE.md: a module imports only modules of its own or an earlier layer.

The layers below are read from the code as it is (every ``import``, including those inside
functions). A new module must be placed in ``LAYERS`` before this test passes: choose the
earliest layer whose modules it may import.
"""

import ast
import functools
import sys
from pathlib import Path

import site_builder

PACKAGE = Path(site_builder.__file__).parent

#: errors/text < records < yaml_source/schema < config/sources < kinds/privacy/vocabularies/validate
#: < markdown_html/urls/site < present/pages < theme/render < writer < build < scaffold/serve/cli
LAYERS = {
    "__init__": 0, "errors": 0, "text": 0, "spreadsheet": 0,                     # shared vocabulary, stdlib only
    "records": 1, "search_text": 1, "search_encoding": 1,
    "yaml_source": 2, "schema": 2,                             # load
    "config": 3, "sources": 3, "gitlog": 3, "history": 3, "synonyms": 3,
    "kinds": 4, "privacy": 4, "vocabularies": 4, "validate": 4, "json_schemas": 4,  # validate
    "privacy_scan": 4, "markdown_limits": 4,
    "markdown_html": 5, "urls": 5, "site": 5,                  # model and index
    "editor_schemas": 5,
    "present": 6, "pages": 6, "collisions": 6, "headers": 6,                                  # produce outputs (pure)
    "figures": 6, "overviews": 6, "panels": 6, "statistics": 6, "charts": 6, "chart_files": 6, "stat_pages": 6,
    "exports": 6, "tables": 6, "feeds": 6, "catalog": 6, "discovery": 6, "structured_data": 6, "changes": 6, "dependencies": 6,
    "search_records": 6, "search_index": 6,
    "theme": 7, "render": 7, "open_data": 7,                   # render
    "memo": 7,                                                 # gettext and formatting, once per environment
    "hosting": 7,                                              # how hosts serve and sync the output
    "writer": 8,                                               # write
    "parallel": 8,                                             # render on every core, pages written as they come
    "reuse": 8,                                                # the build cache (.site-builder-cache/)
    "build": 9, "rebuild": 9,                                  # orchestrate
    "scaffold": 10, "serve": 10, "cli": 10,                    # interfaces
    "prompts": 10, "starter": 10, "deploy": 10, "preview_http": 10,
    "__main__": 11,
}

#: Third-party libraries and the only modules that may use them.
THIRD_PARTY = {
    "yaml": {"yaml_source", "scaffold"},   # scaffold only dumps the skeleton's values
    "jinja2": {"theme", "render", "memo"},
    "markupsafe": {"memo"},                # Jinja's own escaping library
    "babel": {"theme"},
    "markdown": {"markdown_html"},
    "nh3": {"markdown_html"},
    "watchdog": {"serve"},
}


@functools.lru_cache(maxsize=1)
def modules() -> dict[str, ast.Module]:
    return {path.stem: ast.parse(path.read_text(encoding="utf-8"), str(path))
            for path in sorted(PACKAGE.glob("*.py"))}


def internal_imports(tree: ast.Module, names: set[str]) -> set[str]:
    """site_builder modules imported anywhere in ``tree`` (module level or inside functions)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 0 and not (node.module or "").startswith("site_builder"):
                continue
            module = node.module or ""
            if node.level == 0:
                module = module.removeprefix("site_builder").lstrip(".")
            if module:
                found.add(module.split(".")[0])
            else:  # from . import x: x is a module, or a name from __init__
                found.update(alias.name if alias.name in names else "__init__" for alias in node.names)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("site_builder."):
                    found.add(alias.name.split(".")[1])
                elif alias.name == "site_builder":
                    found.add("__init__")
    return found


def external_imports(tree: ast.Module) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            found.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return {name for name in found if name not in sys.stdlib_module_names and name != "site_builder"}


def graph() -> dict[str, set[str]]:
    trees = modules()
    return {name: internal_imports(tree, set(trees)) - {name} for name, tree in trees.items()}


def test_every_module_has_a_layer():
    assert sorted(set(graph()) - set(LAYERS)) == [], "add the new module to LAYERS in tests/test_layers.py"
    assert sorted(set(LAYERS) - set(graph())) == [], "remove the deleted module from LAYERS"


def test_no_module_imports_a_later_layer():
    wrong = [f"{module} (layer {LAYERS[module]}) imports {imported} (layer {LAYERS[imported]})"
             for module, imported_names in sorted(graph().items())
             for imported in sorted(imported_names) if LAYERS.get(imported, -1) > LAYERS.get(module, 99)]
    assert wrong == []


def test_no_import_cycles():
    deps = graph()
    state: dict[str, str] = {}
    cycles = []

    def visit(module, trail):
        state[module] = "open"
        for imported in sorted(deps.get(module, ())):
            if state.get(imported) == "open":
                cycles.append(" -> ".join(trail[trail.index(imported):] + [imported]))
            elif imported not in state:
                visit(imported, trail + [imported])
        state[module] = "done"

    for module in sorted(deps):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_third_party_libraries_stay_behind_their_module():
    wrong = [f"{module} imports {library}" for module, tree in sorted(modules().items())
             for library in sorted(external_imports(tree)) if module not in THIRD_PARTY.get(library, set())]
    assert wrong == []


def test_the_checker_sees_function_level_imports():
    tree = ast.parse("def f():\n    from .build import build\n    from . import urls, __version__\n")
    assert internal_imports(tree, {"build", "urls"}) == {"build", "urls", "__init__"}
    assert internal_imports(ast.parse("import site_builder.cli\nfrom site_builder.site import Site\n"),
                            set()) == {"cli", "site"}

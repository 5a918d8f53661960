"""The whole output tree of the ``minimal`` site, compared byte for byte with a stored copy.

When a change to the theme or the pages is intended, regenerate the stored tree and review the diff:

    SITE_BUILDER_REGENERATE_GOLDEN=1 python -m pytest tests/test_golden.py
    git diff --stat tests/fixtures/golden/
"""

import difflib
import os
import shutil
from pathlib import Path

from site_builder import build as build_module
from tests.conftest import tree

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = FIXTURES / "golden" / "minimal"
REGENERATE = os.environ.get("SITE_BUILDER_REGENERATE_GOLDEN") == "1"


def test_minimal_site_matches_the_golden_tree(tmp_path):
    project = tmp_path / "minimal"
    shutil.copytree(FIXTURES / "sites" / "minimal", project)
    config = build_module.load_project(project, output_dir=tmp_path / "out",
                                       environ={"SOURCE_DATE_EPOCH": "1750000000"})
    build_module.build(config)
    built = tree(tmp_path / "out")
    if REGENERATE:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(tmp_path / "out", GOLDEN)
    expected = tree(GOLDEN)
    hint = "if the change is intended: SITE_BUILDER_REGENERATE_GOLDEN=1 python -m pytest tests/test_golden.py"
    added, removed = sorted(set(built) - set(expected)), sorted(set(expected) - set(built))
    assert not added and not removed, f"new files: {added[:20]}\nfiles gone: {removed[:20]}\n{hint}"
    changed = [name for name in built if built[name] != expected[name]]
    if changed:
        first = changed[0]
        diff = "\n".join(difflib.unified_diff(expected[first].decode("utf-8", "replace").splitlines(),
                                              built[first].decode("utf-8", "replace").splitlines(),
                                              f"golden/{first}", f"built/{first}", lineterm="", n=2))
        raise AssertionError(f"{len(changed)} file(s) differ: {changed[:10]}\n{diff[:4000]}\n{hint}")

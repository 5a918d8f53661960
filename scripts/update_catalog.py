"""Refresh a theme's UI message catalog from its templates (keeps existing translations).

Usage: python scripts/update_catalog.py [THEME_DIR] [LANG]   (default: themes/default vi)

Prints the messages that still need a translation; the test suite fails while any is empty.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}


def template_messages(theme_dir: Path) -> Catalog:
    """A catalog template (.pot) of every ``_()`` string in the theme's templates."""
    template = Catalog(project="site-builder theme", charset="utf-8")
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(theme_dir / "templates"), method_map=[("**.html", "jinja2")],
            options_map={"**.html": JINJA_OPTIONS}):
        template.add(message, locations=[(filename, lineno)])
    return template


def main(argv: list[str]) -> int:
    theme_dir = Path(argv[0]) if argv else Path("themes/default")
    lang = argv[1] if len(argv) > 1 else "vi"
    po_path = theme_dir / "locale" / f"{lang}.po"
    if po_path.exists():
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
    else:
        catalog = Catalog(locale=lang, charset="utf-8")
    catalog.update(template_messages(theme_dir), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    po_path.parent.mkdir(parents=True, exist_ok=True)
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=120, sort_output=True, include_previous=False)
    missing = [m.id for m in catalog if m.id and not m.string]
    for message in missing:
        print(f"untranslated: {message!r}")
    print(f"{po_path}: {len(catalog)} messages, {len(missing)} untranslated")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

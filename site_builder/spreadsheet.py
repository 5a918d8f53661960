"""CSV cells that spreadsheets show as text instead of running them as formulas.

Excel, LibreOffice and Google Sheets treat a cell that starts with ``=``, ``+``, ``-`` or ``@``
(or a tab or carriage return before them) as a formula: ``=HYPERLINK("https://evil.example/")``
in a record's title would become a link, and ``=WEBSERVICE(...)`` can send the sheet's data
away. Such text gets a leading apostrophe, which spreadsheets hide (OWASP "CSV injection");
numbers such as ``-5`` or ``+1.5`` are left alone.
"""

from __future__ import annotations

import re

_FORMULA_START = re.compile(r"^[\t\r]*[=+\-@](?=.)", re.DOTALL)
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][+-]?\d+)?$")


def safe_cell(value):
    """``value`` as a CSV cell no spreadsheet runs: text that starts like a formula gets a ``'``."""
    if isinstance(value, str) and _FORMULA_START.match(value) and not _NUMBER.match(value):
        return "'" + value
    return value

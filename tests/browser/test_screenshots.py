"""Full-page screenshots of the main page types at phone and desktop width, for a look by eye.

They go to $BROWSER_SCREENSHOTS_DIR when set, else to ``/tmp/site-builder-browser-screenshots/``
(``{home,record,listing}-{phone,desktop}.png``).
"""

from __future__ import annotations

import struct

import pytest

from .helpers import VIEWPORTS

pytestmark = pytest.mark.browser

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _pages(site) -> dict[str, str]:
    return {"home": "/", "record": site.records("commendation")[0], "listing": "/inspections/"}


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=str)
def test_screenshots(site, new_page, screenshot_dir, viewport):
    size = VIEWPORTS[viewport]
    page = new_page(size)
    for name, path in _pages(site).items():
        page.goto(site.url(path))
        target = screenshot_dir / f"{name}-{viewport}.png"
        page.screenshot(path=str(target), full_page=True)
        data = target.read_bytes()
        assert data.startswith(PNG_SIGNATURE), f"{target} is not a PNG file"
        width, height = struct.unpack(">II", data[16:24])
        assert width == size["width"], f"{path}: the full page is {width} px wide at {size['width']} px"
        assert height >= size["height"] // 2 and len(data) > 5_000, f"{target} looks empty"

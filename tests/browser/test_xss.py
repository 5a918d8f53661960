"""Hostile content never runs in a reader's browser, and the site works under its strict CSP.

- The sample project with a classic XSS vector in every text, body and URL field of every
  record, entity and free page, in the site's own texts and in its git history
  (``tests/xss_corpus.py``) is built and every HTML page is opened in headless Chromium with
  JavaScript on and *no* Content-Security-Policy: no dialog may open (every vector calls
  ``alert(N)``), and the live DOM may hold no event handler, ``style`` attribute, inline or foreign
  script, ``javascript:``/``data:`` URL, frame, object, ``base`` or refresh.
- The same pages, and every page of the plain sample site, are then served with the headers of
  the built ``_headers`` file (CSP with Trusted Types ...): not one CSP violation, and search works.
"""

from __future__ import annotations

import sys
from pathlib import Path

import markupsafe
import pytest

from .conftest import build_site, serve

sys.path.insert(0, str(Path(__file__).parents[1]))
from xss_corpus import URL_VECTORS, VECTORS, make_xss_project  # noqa: E402

pytestmark = pytest.mark.browser

DOM_CHECK = """() => {
  const bad = [];
  const forbidden = ["iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "template",
                     "noscript", "isindex", "math"];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                         "srcset", "cite", "ping"];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (forbidden.includes(tag)) bad.push("element <" + tag + ">");
    if (tag === "meta" && (el.getAttribute("http-equiv") || "").toLowerCase() === "refresh") bad.push("meta refresh");
    if (tag === "script") {
      const src = el.getAttribute("src") || "", type = (el.getAttribute("type") || "").toLowerCase();
      if (!(src.startsWith("/") && !src.startsWith("//")) && type !== "application/ld+json")
        bad.push("script " + el.outerHTML.slice(0, 80));
      if (type === "application/ld+json") { try { JSON.parse(el.textContent); } catch (e) { bad.push("JSON-LD " + e); } }
    }
    for (const attribute of el.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) bad.push("<" + tag + "> " + name + "=" + attribute.value.slice(0, 40));
      if (name === "style") bad.push("<" + tag + "> style=");
      if (["img", "source", "video", "audio", "track"].includes(tag) && ["src", "srcset", "poster"].includes(name)
          && new URL(attribute.value, location.href).origin !== location.origin)
        bad.push("<" + tag + "> loads " + attribute.value.slice(0, 60) + " from another site");
      if (urlAttributes.includes(name)) {
        const value = attribute.value.replace(/[\\x00-\\x20]/g, "").toLowerCase();
        if (/^(javascript|vbscript|data):/.test(value)) bad.push("<" + tag + "> " + name + "=" + attribute.value.slice(0, 60));
      }
    }
  }
  const titles = [...document.querySelectorAll("title")].filter((t) => !t.closest("svg"));
  if (titles.length !== 1 || titles[0].parentElement !== document.head) bad.push(titles.length + " <title> outside svg");
  if ((document.body ? document.body.innerText : "").includes("4267635650")) bad.push("a template ran");
  return bad;
}"""

VIOLATION_LISTENER = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "") + " " + (e.sample || ""));
});
"""


def headers_of(root: Path) -> dict:
    """The headers the built ``_headers`` file gives every path (``/*``)."""
    headers, current = {}, None
    for line in (root / "_headers").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line.startswith((" ", "\t")):
            current = line.strip()
        elif current == "/*":
            name, value = line.strip().split(":", 1)
            headers[name.strip()] = value.strip()
    return headers


def pages_of(root: Path) -> list[str]:
    return sorted("/" + p.relative_to(root).as_posix().removesuffix("index.html")
                  for p in root.rglob("*.html"))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = make_xss_project(tmp_path_factory.mktemp("xss") / "project", history=True)
    return build_site(project, tmp_path_factory.mktemp("xss-site") / "out")


def _visit_all(browser, base: str, paths: list[str], check_dom: bool) -> tuple[list, list, list]:
    context = browser.new_context(java_script_enabled=True)
    context.set_default_timeout(15_000)
    context.add_init_script(VIOLATION_LISTENER)
    dialogs, findings, violations = [], [], []
    page = context.new_page()
    current = {"path": ""}

    def on_dialog(dialog):
        dialogs.append(f"{current['path']}: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda message: violations.append(f"{current['path']}: {message.text}")
            if "Content Security Policy" in message.text or "Trusted Type" in message.text else None)
    try:
        for path in paths:
            current["path"] = path
            page.goto(base + path, wait_until="load")
            if check_dom:
                findings += [f"{path}: {finding}" for finding in page.evaluate(DOM_CHECK)]
            violations += [f"{path}: {v}" for v in page.evaluate("() => window.__violations || ['no listener']")]
    finally:
        context.close()
    return dialogs, findings, violations


def test_no_vector_runs_on_any_page(browser, hostile_site):
    paths = pages_of(hostile_site)
    assert len(paths) > 200
    with serve(hostile_site, {}) as served:  # no CSP: the sanitizer and the escaping alone must hold
        dialogs, findings, _ = _visit_all(browser, served.base, paths, check_dom=True)
    assert dialogs == []
    assert findings == []


def test_the_vectors_reached_the_pages_as_text(hostile_site):
    """Every vector is on some page, escaped: proof that the test above saw them all."""
    text = "".join(p.read_text(encoding="utf-8") for p in hostile_site.rglob("*.html"))
    missing = [v for v in VECTORS + URL_VECTORS if str(markupsafe.escape(v.strip())) not in text]
    assert missing == []


@pytest.mark.parametrize("path", ["/search/?q=alert", "/en/search/?q=script+alert"])
def test_search_results_of_hostile_records_run_nothing(browser, hostile_site, path):
    """Search draws its results from the index in the browser: hostile titles, summaries and
    names must stay text there too (no CSP here either)."""
    with serve(hostile_site, {}) as served:
        context = browser.new_context(java_script_enabled=True)
        context.set_default_timeout(15_000)
        dialogs = []
        try:
            page = context.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(served.base + path)
            page.wait_for_function("() => document.querySelectorAll('#search-app .search-result').length > 0")
            page.wait_for_timeout(500)  # let every result and facet be drawn
            findings = page.evaluate(DOM_CHECK)
            shown = page.evaluate("() => document.getElementById('search-app').innerText")
        finally:
            context.close()
    assert dialogs == [] and findings == []
    assert "<script>alert(" in shown or "onerror=alert(" in shown  # the vectors are there, as text


def test_hostile_pages_cause_no_csp_violation(browser, hostile_site):
    with serve(hostile_site, headers_of(hostile_site)) as served:
        dialogs, _, violations = _visit_all(browser, served.base, pages_of(hostile_site), check_dom=False)
    assert dialogs == [] and violations == []


def test_the_sample_site_works_under_its_csp(browser, built_site):
    headers = headers_of(built_site)
    assert "require-trusted-types-for 'script'" in headers["Content-Security-Policy"]
    with serve(built_site, headers) as served:
        dialogs, _, violations = _visit_all(browser, served.base, pages_of(built_site), check_dom=False)
    assert dialogs == [] and violations == []


SEARCH_STATE = """() => [document.getElementById('search-body').hidden,
                        [...document.querySelectorAll('#search-app a[href]')].map((a) => a.getAttribute('href')),
                        document.getElementById('search-status').textContent]"""


def _search_state(browser, base: str) -> tuple[list, list]:
    context = browser.new_context(java_script_enabled=True)
    context.set_default_timeout(15_000)
    context.add_init_script(VIOLATION_LISTENER)
    try:
        page = context.new_page()
        messages = []
        page.on("console", lambda message: messages.append(message.text))
        page.goto(base + "/search/?q=dong+anh")
        page.wait_for_function("() => document.getElementById('search-status').textContent.trim() !== ''")
        page.wait_for_timeout(500)  # let the results settle
        problems = page.evaluate("() => window.__violations") + \
            [m for m in messages if "Content Security Policy" in m or "Trusted Type" in m]
        return page.evaluate(SEARCH_STATE), problems
    finally:
        context.close()


def test_search_behaves_the_same_under_the_csp(browser, built_site):
    with serve(built_site, {}) as served:
        free, _ = _search_state(browser, served.base)
    with serve(built_site, headers_of(built_site)) as served:
        strict, problems = _search_state(browser, served.base)
    assert problems == []
    assert strict == free

"""Classic XSS vectors, and a copy of the sample project with one in every text, body and URL field.

Used by ``tests/test_output_safety.py`` (every output file, checked in Python) and
``tests/browser/test_xss.py`` (every page in headless Chromium with JavaScript on). Each vector
that would run calls ``alert(N)`` with its own number, so a dialog names the vector that got
through. ``{{ 98765*43210 }}`` checks that content is never evaluated as a template (its product never appears).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from site_builder.kinds import ENTITIES, KINDS
from site_builder.schema import Id, ListOf, Object, String, Text, Url
from site_builder.validate import PAGE_SCHEMA

REPO_ROOT = Path(__file__).parents[1]

#: HTML and template vectors, for every text field and the bodies.
VECTORS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    "<svg><script>alert(4)</script></svg>",
    '"><script>alert(5)</script>',
    "'><img src=x onerror=alert(6)>",
    "</title><script>alert(7)</script>",
    "</script><script>alert(8)</script>",
    "</textarea></style></noscript><script>alert(9)</script>",
    '<iframe src="javascript:alert(10)"></iframe>',
    '<a href="javascript:alert(11)">a11</a>',
    '<a href="JaVaScRiPt:alert(12)">a12</a>',
    '<a href="jav&#x09;ascript:alert(13)">a13</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(14)">a14</a>',
    '<a href="  javascript:alert(15)">a15</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxNik8L3NjcmlwdD4=">a16</a>',
    "<body onload=alert(17)>",
    "<details open ontoggle=alert(18)>d18</details>",
    "<input autofocus onfocus=alert(19)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(20)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(21)>">',
    "<style>@import 'javascript:alert(22)';</style>",
    '<div style="background:url(javascript:alert(23))">d23</div>',
    '<object data="javascript:alert(24)"></object>',
    '<embed src="javascript:alert(25)">',
    '<base href="javascript:alert(26)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(27)">',
    '<form action="javascript:alert(28)"><button>b28</button></form>',
    '<!--<img src="--><img src=x onerror=alert(29)//">',
    "<scr<script>ipt>alert(30)</scr</script>ipt>",
    "{{ 98765*43210 }}{% raw %}{{ 98765*43210 }}",
    "]]><script>alert(32)</script><![CDATA[",
    "\u2028\u2029</script><script>alert(33)</script>",
    '=HYPERLINK("https://evil.example/","c34")',
    "<x onclick=alert(35)>x35</x>",
    '<a href="vbscript:alert(36)">a36</a>',
    '<svg><a xlink:href="javascript:alert(37)"><text y="20">s37</text></a></svg>',
    "javascript:alert(38)",
    '<isindex type=image src=1 onerror=alert(39)>',
    '<img src="x" onerror="&#97;lert(40)">',
    "<IMG SRC=`javascript:alert(41)`>",
    '<a href="#" onmouseover="alert(42)">a42</a>',
    '<video><source onerror="alert(43)"></video>',
    '<template><img src=x onerror=alert(44)></template>',
    '\\"-alert(45)-\\"',
    "'-alert(46)-'",
    '<img src=x:alert(47) onerror=eval(src)>',
)

#: Markdown link and image tricks, for the bodies.
MARKDOWN_VECTORS = (
    "[m101](javascript:alert(101))",
    "[m102](<javascript:alert(102)>)",
    "![m103](javascript:alert(103))",
    "[m104]: javascript:alert(104)\n\n[ref104][m104]",
    "<javascript:alert(105)>",
    "[m106](jav&#x09;ascript:alert(106))",
    "[m107](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMDcpPC9zY3JpcHQ+)",
    '![m108](x" onerror="alert(108))',
    '[m109](https://example.org/ "t\\" onmouseover=\\"alert(109)")',
    "[<img src=x onerror=alert(110)>](https://example.org/)",
    "`<script>alert(111)</script>`",
    "```html\n<script>alert(112)</script>\n```",
    "[m113](javascript&colon;alert(113))",
    "[m114](\njavascript:alert(114))",
    '<a href="javascript:alert(115)">[m115](https://example.org/)</a>',
    "[m116](vbscript:alert(116))",
    "![m117](https://tracker.example/pixel.png)",
    "*[HTML]: <img src=x onerror=alert(118)>\n\nHTML",
    "[^119]\n\n[^119]: <img src=x onerror=alert(119)>",
    "| <img src=x onerror=alert(120)> |\n|---|\n| [c](javascript:alert(120)) |",
)

#: Web addresses that pass validation but try to break out of an attribute or a link.
URL_VECTORS = (
    "https://example.org/'onmouseover='alert(201)'",
    "https://example.org/?q='-alert(202)-'",
    "https://example.org/%22%3E%3Cscript%3Ealert(203)%3C/script%3E",
    "https://example.org/&quot;onmouseover=alert(204)",
    "https://example.org/javascript:alert(205)",
    "https://example.org/#'onfocus='alert(206)'autofocus='",
    "https://example.org/&#34;&#62;&#60;script&#62;alert(207)",
)

#: Web addresses that must be refused with a problem at their line (never published).
REJECTED_URLS = (
    "javascript:alert(301)",
    "JAVASCRIPT:alert(302)",
    " javascript:alert(303)",
    "java\tscript:alert(304)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgzMDUpPC9zY3JpcHQ+",
    "vbscript:alert(306)",
    'https://example.org/"><script>alert(307)</script>',
    "https://example.org/<svg onload=alert(308)>",
    "https://example.org/ onmouseover=alert(309)",
    "https://gov.vn@evil.example/",
    "//evil.example/x",
    "https://example.org/\u202egnp.exe",
    "file:///etc/passwd",
    "ftp://example.org/x",
)



def vector(index: int) -> str:
    return VECTORS[index % len(VECTORS)]


def hostile_body(index: int) -> str:
    """A body with vector ``index`` as raw HTML and every Markdown trick, each in its own paragraph."""
    return "\n\n".join((vector(index), f"Văn bản {index}: {vector(index + 1)} giữa câu.") + MARKDOWN_VECTORS) + "\n"


def make_xss_project(dest: Path, history: bool = False) -> Path:
    """A copy of the sample project at ``dest`` with hostile values in every text, body and URL field
    of every record, entity and free page, and in the site's own texts; it still passes ``check``.

    With ``history``, ``dest`` is a git repository whose first commit is the sample and whose
    second (with a hostile commit message) makes it hostile, so the change-history pages show
    hostile old and new values too."""
    shutil.copytree(REPO_ROOT / "content", dest / "content")
    shutil.copy(REPO_ROOT / "site.yaml", dest / "site.yaml")
    if history:
        _git(dest, "init", "-q")
        _git(dest, "add", "-A")
        _git(dest, "commit", "-q", "-m", "Sample content")
    settings = yaml.safe_load((REPO_ROOT / "site.yaml").read_text(encoding="utf-8"))
    settings["title"] = {"vi": "Trang </title><script>alert(7)</script>", "en": "Site \"><img src=x onerror=alert(2)>"}
    settings["description"] = {"vi": vector(4), "en": vector(5)}
    settings["publisher"] = {"vi": vector(6), "en": vector(8)}
    settings["licence"] = {"vi": vector(20), "en": vector(28)}
    _dump(dest / "site.yaml", settings)
    _add_attachments_and_figures(dest)
    counter = [0]
    for path in sorted((dest / "content").rglob("*")):
        if path.suffix == ".md":
            _rewrite_markdown(path, counter)
        elif path.suffix == ".yaml":
            _rewrite_yaml(path, counter)
    if history:
        _git(dest, "add", "-A")
        _git(dest, "commit", "-q", "-m", vector(0) + " " + vector(1) + "\n\n" + vector(6))
    return dest


def _add_attachments_and_figures(dest: Path) -> None:
    """The sample has no attachments and no figures of an inspection: the first Markdown record
    of each kind gets an attachment (its title becomes a vector), the first inspection a figure
    (its period label, note and source become vectors)."""
    series = yaml.safe_load((dest / "content/data/series.yaml").read_text(encoding="utf-8"))[0]["id"]
    for kind in KINDS.values():
        path = sorted((dest / "content" / kind.folder).glob("*.md"))[0]
        (path.parent / "hostile.pdf").write_bytes(b"%PDF-1.4\n")
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        data = yaml.safe_load(front)
        data["attachments"] = [{"file": "hostile.pdf"}]
        if kind.name == "inspection_result":
            data["statistics"] = [{"series": series, "value": 1, "period": {"as_of": __import__("datetime").date(2024, 12, 31)}}]
        path.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body,
                        encoding="utf-8")


def _git(project: Path, *args: str) -> None:
    import os
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_NAME": "Biên tập <script>alert(48)</script>", "GIT_AUTHOR_EMAIL": "a@example.org",
           "GIT_COMMITTER_NAME": "Biên tập", "GIT_COMMITTER_EMAIL": "a@example.org",
           "GIT_AUTHOR_DATE": "2025-06-01T08:00:00+07:00", "GIT_COMMITTER_DATE": "2025-06-01T08:00:00+07:00"}
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=project, env=env, check=True,
                   capture_output=True)


def _next(counter: list[int]) -> int:
    counter[0] += 1
    return counter[0]


def _rewrite_markdown(path: Path, counter: list[int]) -> None:
    text = path.read_text(encoding="utf-8")
    _, front, _ = text.split("---\n", 2)
    data = yaml.safe_load(front)
    schema = PAGE_SCHEMA if path.parent.name == "pages" else _record_schema(path)
    data = _hostile(schema, data, counter)
    data["body_en"] = hostile_body(_next(counter))
    body = hostile_body(_next(counter))
    path.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body,
                    encoding="utf-8")


def _rewrite_yaml(path: Path, counter: list[int]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if path.parent.name == "data":
        entity = next((e for e in ENTITIES.values() if e.file == path.name), None)
        if entity is None:
            return
        data = [_hostile(entity.schema, item, counter) for item in data]
        for item in data:
            if entity.name == "person":
                item["publish"] = "full_name"  # shown everywhere, so its name is a vector in every page
    else:
        schema = _record_schema(path)
        records = data["records"] if isinstance(data, dict) and "records" in data else [data]
        records = [_hostile(schema, record, counter) for record in records]
        for record in records:
            record["body"] = hostile_body(_next(counter))
        data = {"records": records} if isinstance(data, dict) and "records" in data else records[0]
    _dump(path, data)


def _record_schema(path: Path) -> Object:
    parts = path.parts
    folder = parts[len(parts) - parts[::-1].index("content")]  # the folder just under content/
    return next(kind.schema for kind in KINDS.values() if kind.folder == folder)


def _hostile(field_type, value, counter: list[int]):
    """``value`` with every text and string replaced by a vector and every URL by a URL vector;
    absent optional fields that can hold one (``archive_url``, ``decision.signer`` ...) are added."""
    if isinstance(field_type, Object) and isinstance(value, dict):
        result = {key: _hostile(field_type.by_name[key].type, inner, counter)
                  if key in field_type.by_name and key != "file" else inner  # attachments must exist
                  for key, inner in value.items()}
        exclusive = {name for group in field_type.one_of for name in group}  # one of them is there already
        for declared in field_type.fields:
            if declared.name not in result and declared.name not in NEVER_ADDED | exclusive:
                added = _absent(declared.type, counter)
                if added is not None:
                    result[declared.name] = added
        return result
    if isinstance(field_type, ListOf) and isinstance(value, list):
        return [_hostile(field_type.item, item, counter) for item in value]
    if isinstance(field_type, Text):
        index = _next(counter)
        limit = field_type.max_length or 10_000
        return {"vi": vector(index)[:limit], "en": vector(index + 1)[:limit]}
    if isinstance(field_type, Url):
        return URL_VECTORS[_next(counter) % len(URL_VECTORS)]
    if isinstance(field_type, String) and not isinstance(field_type, Id) and field_type.pattern is None:
        return vector(_next(counter))[: field_type.max_length]
    return value


#: Fields never added: bodies are set on their own, attachment files must exist.
NEVER_ADDED = {"body", "body_en", "file"}


def _absent(field_type, counter: list[int]):
    """A hostile value for a field the sample leaves out, or ``None`` if it needs more than text and
    addresses (an id, a date, a number ...)."""
    if isinstance(field_type, (Text, Url)) or (isinstance(field_type, String) and not isinstance(field_type, Id)
                                                and field_type.pattern is None):
        return _hostile(field_type, None, counter)
    if isinstance(field_type, ListOf):
        item = _absent(field_type.item, counter)
        return None if item is None else [item]
    if isinstance(field_type, Object) and _fillable(field_type):
        return _hostile(field_type, {}, counter) or None
    return None


def _fillable(field_type) -> bool:
    if isinstance(field_type, ListOf):
        return _fillable(field_type.item)
    if isinstance(field_type, Object):
        return not field_type.one_of and not field_type.rules and \
            all(_fillable(f.type) and f.name not in NEVER_ADDED for f in field_type.fields if f.required)
    return isinstance(field_type, (Text, Url)) or (isinstance(field_type, String) and not isinstance(field_type, Id)
                                                   and field_type.pattern is None)


def hostile_fields(field_type, value=None, path: tuple = ()) -> set[tuple]:
    """Paths (``("sources", "[]", "archive_url")``) of the fields of ``field_type`` that hold text or
    an address: all of them declared, or with ``value`` those present in it."""
    found: set[tuple] = set()
    if isinstance(field_type, Object) and (value is None or isinstance(value, dict)):
        for declared in field_type.fields:
            if declared.name in NEVER_ADDED or (value is not None and declared.name not in value):
                continue
            found |= hostile_fields(declared.type, None if value is None else value[declared.name],
                                    path + (declared.name,))
    elif isinstance(field_type, ListOf) and (value is None or isinstance(value, list)):
        for item in [None] if value is None else value:
            found |= hostile_fields(field_type.item, item, path + ("[]",))
    elif _fillable(field_type) and not isinstance(field_type, (Object, ListOf)):
        found.add(path)
    return found


def _dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


# ---------------------------------------------------------------- scanning the output

#: Elements that never belong in a built page (the theme has none; content may not add them).
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "template",
                      "noscript", "isindex", "math"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset",
                  "cite", "longdesc", "manifest", "ping"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
TEMPLATE_RESULT = "4267635650"  # what {{ 98765*43210 }} would give if content were ever evaluated as a template


def _scheme_of(url: str) -> str:
    cleaned = "".join(ch for ch in url if ord(ch) > 32).lower()
    return cleaned


class _PageScanner:
    """Findings in one HTML document: elements, attributes and URLs that could run code."""

    def __init__(self, name: str) -> None:
        from html.parser import HTMLParser

        scanner = self
        self.name = name
        self.findings: list[str] = []
        self.scripts: list[tuple[dict, str]] = []

        class Parser(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.in_script = None

            def handle_starttag(self, tag, attrs):
                scanner._element(tag, dict(attrs))
                if tag == "script":
                    self.in_script = (dict(attrs), [])

            def handle_startendtag(self, tag, attrs):
                scanner._element(tag, dict(attrs))

            def handle_endtag(self, tag):
                if tag == "script" and self.in_script is not None:
                    scanner.scripts.append((self.in_script[0], "".join(self.in_script[1])))
                    self.in_script = None

            def handle_data(self, data):
                if self.in_script is not None:
                    self.in_script[1].append(data)
                elif TEMPLATE_RESULT in data:
                    scanner.findings.append(f"{scanner.name}: {TEMPLATE_RESULT} in the text (a template ran)")

        self.parser = Parser()

    def _element(self, tag: str, attrs: dict) -> None:
        where = f"{self.name}: <{tag}>"
        if tag in FORBIDDEN_ELEMENTS:
            self.findings.append(f"{where} element")
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.findings.append(f"{where} refresh")
        if tag == "script":
            src, kind = attrs.get("src"), (attrs.get("type") or "").lower()
            if not (src and src.startswith("/") and not src.startswith("//")) and kind != "application/ld+json":
                self.findings.append(f"{where} inline or foreign script {attrs}")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.findings.append(f"{where} event handler {name}={value!r}")
            if name == "style":
                self.findings.append(f"{where} style attribute")
            if name in URL_ATTRIBUTES and value and _scheme_of(value).startswith(BAD_SCHEMES):
                self.findings.append(f"{where} {name}={value!r}")
            if tag in ("img", "source", "video", "audio", "track", "input") and name in ("src", "srcset", "poster") \
                    and value and re.match(r"^(?:[a-z][a-z0-9+.-]*:|[/\\]{2})", _scheme_of(value)):
                self.findings.append(f"{where} loads {value!r} from another site")

    def scan(self, text: str) -> list[str]:
        import json

        self.parser.feed(text)
        self.parser.close()
        for attrs, body in self.scripts:
            if (attrs.get("type") or "").lower() == "application/ld+json":
                try:
                    json.loads(body)
                except ValueError as exc:
                    self.findings.append(f"{self.name}: JSON-LD does not parse ({exc})")
                if "</" in body.lower() or "<!--" in body:
                    self.findings.append(f"{self.name}: JSON-LD holds '</' or '<!--'")
        return self.findings


def html_findings(text: str, name: str = "page") -> list[str]:
    """Everything in an HTML document (or fragment) that could run code or pull in foreign content."""
    return _PageScanner(name).scan(text)


def output_findings(root: Path) -> tuple[list[str], dict[str, int]]:
    """Findings in every file of a built site, and how many files of each type were scanned.

    HTML: :func:`html_findings`. Atom/XML: well-formed, and the HTML inside ``type="html"``
    elements is clean. JSON: parses. CSV: parses, and no cell starts like a spreadsheet formula.
    gzip (search index): decompresses. Anything else must not contain ``<script``.
    """
    import csv
    import gzip
    import io
    import json
    import xml.etree.ElementTree as ElementTree

    findings: list[str] = []
    counts: dict[str, int] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix()
        suffix = path.suffix.lower() or path.name
        counts[suffix] = counts.get(suffix, 0) + 1
        data = path.read_bytes()
        if suffix == ".html":
            findings += html_findings(data.decode("utf-8"), name)
        elif suffix == ".xml":
            try:
                tree = ElementTree.fromstring(data)
            except ElementTree.ParseError as exc:
                findings.append(f"{name}: not well-formed XML ({exc})")
                continue
            for element in tree.iter():
                if element.get("type") == "html" and element.text:
                    findings += html_findings(element.text, f"{name} <{element.tag}>")
                if element.get("type") == "xhtml":
                    findings += html_findings(ElementTree.tostring(element, encoding="unicode"), name)
                if element.tag.startswith("{http://www.w3.org/1999/xhtml}") and \
                        element.tag.endswith(("}script", "}iframe", "}object")):
                    findings.append(f"{name}: XHTML {element.tag} in a feed")
        elif suffix in (".json", ".jsonld", ".webmanifest", ".geojson"):
            try:
                json.loads(data.decode("utf-8"))
            except ValueError as exc:
                findings.append(f"{name}: JSON does not parse ({exc})")
        elif suffix == ".csv":
            rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
            for number, row in enumerate(rows, 1):
                for cell in row:
                    if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and len(cell) > 1 and \
                            not cell.lstrip("+-").replace(".", "").replace(",", "").isdigit():
                        findings.append(f"{name}:{number}: cell starts like a formula: {cell[:40]!r}")
        elif suffix in (".bin", ".gz"):
            try:
                gzip.decompress(data)
            except OSError as exc:
                findings.append(f"{name}: does not decompress ({exc})")
        elif suffix not in (".js", ".css", ".svg", ".pdf", ".png", ".jpg", ".ico", ".woff2") and b"<script" in data:
            findings.append(f"{name}: <script in a {suffix} file")
    return findings, counts

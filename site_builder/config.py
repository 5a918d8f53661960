"""``site.yaml``: the site's settings, declared as typed options with a help line each.

Only ``title`` is required; everything else has a default so the minimal file from
CONTENT_MODEL.md always works. Unknown keys are errors with a "did you mean".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .errors import BuildFailed, Problem, SourceLocation, UsageError
from .schema import (INVALID, Checker, Enum, Field, Integer, ListOf, Object, String, Text, Url, Vocabulary)
from .yaml_source import YamlProblems, dotted, location_of, parse_yaml

CONFIG_FILE = "site.yaml"
MAX_CONFIG_BYTES = 256 * 1024  #: a larger site.yaml is refused (it holds settings only)
SUPPORTED_LANGUAGES = ("vi", "en")
_LANG_VOCAB = {"site_language": Vocabulary("site_language", {"vi": "", "en": ""},
                                           {code: None for code in SUPPORTED_LANGUAGES})}


def _opt(name, type_, help_, required=False) -> Field:
    return Field(name, type_, {"vi": name, "en": name}, help_, required)


OPTIONS = Object((
    _opt("title", Text(), "the site's name, shown in every page header", required=True),
    _opt("description", Text(), "one or two sentences on what the site publishes (home page, meta description)"),
    _opt("base_url", Url(), "the public address, e.g. https://example.org/ or https://example.github.io/minh-bach/"),
    _opt("languages", ListOf(Enum("site_language"), min_items=1), "languages to build; the first is at /"),
    _opt("default_language", Enum("site_language"), "the language served at / (vi)"),
    _opt("theme", String(r"^[A-Za-z0-9_-]+$", "default"), "themes/<name>/ in the project, else the built-in one"),
    _opt("page_size", Integer(minimum=1), "records per listing page (20)"),
    _opt("publisher", Text(), "who runs the site (footer, data catalogue)"),
    _opt("licence", Text(), "licence of the site's own structured data"),
    _opt("contact", Object((
        _opt("email", String(r"^[^@\s]+@[^@\s]+$", "bientap@example.org"), "address for corrections"),
        _opt("url", Url(), "a page or form for corrections"),
    )), "how citizens ask for a correction"),
    _opt("permalinks", Object(tuple(
        _opt(name, String(r"^[a-z0-9/_{}-]*\{id\}[a-z0-9/_{}-]*$", "models/{id}"), f"URL pattern of {name} pages")
        for name in ("emulation_model", "commendation", "inspection_result",
                     "unit", "locality", "document", "theme"))),
     "URL patterns (without language prefix) with {id}, e.g. models/{id}"),
))

DEFAULT_PERMALINKS = {
    "emulation_model": "models/{id}", "commendation": "commendations/{id}", "inspection_result": "inspections/{id}",
    "unit": "units/{id}", "locality": "localities/{id}", "document": "documents/{id}", "theme": "themes/{id}",
}


@dataclass(frozen=True)
class SiteConfig:
    """Everything the build needs to know besides the content, read once."""

    project_dir: Path
    content_dir: Path
    output_dir: Path
    title: Mapping[str, str]
    description: Mapping[str, str]
    base_url: str               # always ends with "/"
    languages: tuple[str, ...]  # default language first
    theme: str
    page_size: int
    publisher: Mapping[str, str]
    licence: Mapping[str, str]
    contact: Mapping[str, str]
    permalinks: Mapping[str, str]
    build_time: dt.datetime     # from SOURCE_DATE_EPOCH, else the clock at start
    drafts: bool = False

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def base_path(self) -> str:
        """The path part of ``base_url``: ``/`` or ``/minh-bach/``."""
        after_host = self.base_url.split("://", 1)[-1]
        path = "/" + after_host.split("/", 1)[1] if "/" in after_host else "/"
        return path if path.endswith("/") else path + "/"


def build_time_from(environ: Mapping[str, str], now: dt.datetime) -> dt.datetime:
    """The build's notion of "now": ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
        except (ValueError, OverflowError):
            raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, got {epoch!r}") from None
    return now


def load_config(project_dir: Path, *, build_time: dt.datetime, output_dir: Path | None = None,
                base_url: str | None = None, drafts: bool = False) -> SiteConfig:
    """Read ``PROJECT_DIR/site.yaml``; raise :class:`BuildFailed` with every problem in it."""
    project_dir = Path(project_dir)
    path = project_dir / CONFIG_FILE
    if not path.is_file():
        raise UsageError(f"{path}: not found: a project folder holds site.yaml and content/ "
                         f"(run site-builder in the project folder or give its path)")
    if path.stat().st_size > MAX_CONFIG_BYTES:
        raise BuildFailed([Problem(SourceLocation(CONFIG_FILE), "", f"is more than {MAX_CONFIG_BYTES:,} bytes",
                                   "site.yaml holds only settings; keep content in content/")])
    raw_bytes = path.read_bytes()
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        column = exc.start - (raw_bytes.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BuildFailed([Problem(SourceLocation(CONFIG_FILE, line, column), "", f"not UTF-8 text: {exc.reason}",
                                   "save the file as UTF-8")]) from None
    try:
        parsed = parse_yaml(text, CONFIG_FILE)
    except YamlProblems as exc:
        raise BuildFailed(exc.problems) from None
    raw = parsed.value if parsed.value is not None else {}
    checker = Checker(_LANG_VOCAB)
    options = OPTIONS.convert(raw, (), checker)
    if base_url is not None:
        options = dict(options) if options is not INVALID else {}
        converted = Url().convert(base_url, ("base_url",), checker)
        if converted is not INVALID:
            options["base_url"] = converted
    if checker.issues or options is INVALID:
        raise BuildFailed([Problem(location_of(parsed.marks, CONFIG_FILE, i.path), dotted(i.path), i.message,
                                   i.hint, i.severity) for i in checker.issues])
    languages = list(options.get("languages", SUPPORTED_LANGUAGES))
    default = options.get("default_language", languages[0])
    if default not in languages:
        languages.insert(0, default)
    languages = [default] + [lang for lang in dict.fromkeys(languages) if lang != default]
    base = options.get("base_url", "https://example.org/")
    return SiteConfig(
        project_dir=project_dir,
        content_dir=project_dir / "content",
        output_dir=Path(output_dir) if output_dir else project_dir / "output",
        title=options["title"],
        description=options.get("description", {}),
        base_url=base if base.endswith("/") else base + "/",
        languages=tuple(languages),
        theme=options.get("theme", "default"),
        page_size=options.get("page_size", 20),
        publisher=options.get("publisher", {}),
        licence=options.get("licence", {}),
        contact=options.get("contact", {}),
        permalinks={**DEFAULT_PERMALINKS, **options.get("permalinks", {})},
        build_time=build_time,
        drafts=drafts,
    )

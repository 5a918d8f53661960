"""``site-builder init DIR``: a new content repository that checks and builds at once.

What it writes is decided by :func:`starter_files` (pure: options in, ``{path: text}`` out) and
written by :func:`write_starter`, which never overwrites a file. The example records come from the
``new`` scaffolding (so they follow the kind declaration and carry ``status: draft``: they are never
published by accident) and the data files from the entity declarations, both filled with the values
of ``site_builder/starter/examples.yaml``; the pre-commit configuration comes from the project's
``.pre-commit-hooks.yaml``, the CI recipes and the editors' README from the files in
``site_builder/starter/`` (the recipes are also shown, verbatim, in ``docs/deploy.md``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import __version__
from .config import OPTIONS, SUPPORTED_LANGUAGES
from .errors import UsageError
from .kinds import ENTITIES, KINDS
from .scaffold import entity_skeleton, skeleton_text
from .text import slugify
from .writer import OLD_PREFIX, TEMP_PREFIX
from .yaml_source import YamlProblems, parse_yaml

TEMPLATES = Path(__file__).parent / "starter"
DEFAULT_TITLE = {"vi": "Minh bạch thi đua, khen thưởng và thanh tra",
                 "en": "Emulation, commendation and inspection records"}
#: Where CI installs site-builder from when the installed copy does not say (edit requirements.txt).
PLACEHOLDER_REPOSITORY = "https://github.com/YOUR-ORGANISATION/site-builder"
#: The hooks of ``.pre-commit-hooks.yaml``, when that file is not beside the package (a wheel install).
DEFAULT_HOOK_IDS = ("site-builder-check", "site-builder-privacy")
#: A folder holding only these counts as empty (a fresh ``git clone`` of an empty repository).
IGNORED_IN_EMPTY = (".git",)


@dataclass(frozen=True)
class Host:
    """A place to publish: the CI files to write (path -> template) and the README section."""

    name: str
    files: tuple[tuple[str, str], ...]
    readme: str
    gitignore: tuple[str, ...] = ()


HOSTS = {host.name: host for host in (
    Host("github-pages", ((".github/workflows/publish.yml", "github-pages.yml"),), "deploy-github-pages.md"),
    Host("gitlab-pages", ((".gitlab-ci.yml", "gitlab-pages.yml"),), "deploy-gitlab-pages.md", ("/public/",)),
    Host("netlify", (("netlify.toml", "netlify.toml"), (".github/workflows/check.yml", "github-hook.yml")),
         "deploy-netlify.md"),
    Host("cloudflare-pages", ((".github/workflows/check.yml", "github-hook.yml"),), "deploy-cloudflare-pages.md"),
    Host("s3", ((".github/workflows/publish.yml", "github-s3.yml"),), "deploy-s3.md"),
)}

#: The values of the examples (site_builder/starter/examples.yaml): entities, example_ids, records, source.
EXAMPLES_FILE = "examples.yaml"


@dataclass(frozen=True)
class StarterOptions:
    """What ``init`` was asked for."""

    title: str | None = None       # None: the default bilingual title
    language: str = "vi"           # the language served at /
    host: str = "github-pages"
    requirement: str | None = None  # how CI installs site-builder; None: as installed, else a placeholder
    today: dt.date = dt.date(2025, 1, 1)


def starter_files(options: StarterOptions, vocabularies, hooks: list[dict] | None) -> dict[str, str]:
    """Every file of the new repository, path -> text. ``hooks``: the entries of
    ``.pre-commit-hooks.yaml`` (``None`` when it is not available)."""
    if options.language not in SUPPORTED_LANGUAGES:
        raise UsageError(f"init: --language {options.language}: give one of {', '.join(SUPPORTED_LANGUAGES)}")
    if options.host not in HOSTS:
        raise UsageError(f"init: --host {options.host}: give one of {', '.join(HOSTS)}")
    host = HOSTS[options.host]
    requirement = options.requirement or f"site-builder @ git+{PLACEHOLDER_REPOSITORY}@v{__version__}"
    files = {
        "site.yaml": site_yaml(options),
        "README.md": _readme(options, host, requirement),
        ".gitignore": _gitignore(host),
        "requirements.txt": _requirements(requirement),
        ".pre-commit-config.yaml": pre_commit_config(requirement, hooks),
        "content/pages/about.md": _template("page-about.md"),
        "content/pages/corrections.md": _template("page-corrections.md"),
        **{target: _template(template) for target, template in host.files},
        **_data_files(options, vocabularies),
        **_example_records(options, vocabularies),
    }
    return dict(sorted(files.items()))


def site_yaml(options: StarterOptions) -> str:
    """``site.yaml`` with every option of ``config.OPTIONS``: the ones ``init`` sets, the others as
    comments with their help line."""
    others = [lang for lang in SUPPORTED_LANGUAGES if lang != options.language]
    title = DEFAULT_TITLE if not options.title else {"vi": options.title} if options.language == "vi" \
        else {"vi": options.title, options.language: options.title}  # vi is required: the same until translated
    values = {
        "title": title,
        "base_url": "https://example.org/",
        "languages": [options.language, *others],
        "default_language": options.language,
        "theme": "default",
        "contact": {"email": "bientap@example.org"},
    }
    notes = {
        "base_url": "the site's public address (CI of GitHub and GitLab Pages uses the address they serve at)",
        "contact": "example address: replace it (the 'Report an error' link of every page)",
    }
    lines = ["# Settings of the site: every option is listed; lines starting with # are not in use.",
             "# Text is \"...\" (Vietnamese) or {vi: ..., en: ...}."]
    for option in OPTIONS.fields:
        help_ = notes.get(option.name, option.help)
        if option.name in values:
            lines.append(f"{option.name}: {_flow(values[option.name])}  # {help_}")
        else:
            lines.append(f"# {option.name}: {help_}")
    return "\n".join(lines) + "\n"


def pre_commit_config(requirement: str, hooks: list[dict] | None) -> str:
    """``.pre-commit-config.yaml``: the hooks of site-builder's ``.pre-commit-hooks.yaml``, from its
    git repository at the pinned tag when CI installs it from git, else as local hooks that run the
    installed ``site-builder``."""
    header = ["# Checks before each commit (https://pre-commit.com): pip install pre-commit && pre-commit install",
              "# Personal data committed to git stays in its history: these hooks refuse it before it gets there."]
    source = git_source(requirement)
    if source or not hooks:
        url, rev = source or (PLACEHOLDER_REPOSITORY, f"v{__version__}")
        ids = [hook["id"] for hook in hooks] if hooks else list(DEFAULT_HOOK_IDS)
        lines = header + ["repos:", f"  - repo: {url}", f"    rev: {rev}", "    hooks:"]
        lines += [f"      - id: {identifier}" for identifier in ids]
        return "\n".join(lines) + "\n"
    lines = header + ["# site-builder is not installed from git here: the hooks run the site-builder of this machine.",
                      "repos:", "  - repo: local", "    hooks:"]
    for hook in hooks:
        local = {**{k: v for k, v in hook.items() if k != "description"}, "language": "system"}
        lines.append(f"      - id: {local.pop('id')}")
        lines += [f"        {key}: {_flow(value)}" for key, value in local.items()]
    return "\n".join(lines) + "\n"


def git_source(requirement: str) -> tuple[str, str] | None:
    """``(repository URL, tag)`` of ``site-builder @ git+URL@TAG``, else ``None``."""
    found = re.match(r"^\s*site-builder\s*@\s*git\+(\S+?)@([^\s@#/]+)\s*$", requirement)
    return (found.group(1), found.group(2)) if found else None


def installed_requirement() -> str | None:
    """How this copy of site-builder was installed, as a pip requirement CI can repeat (PEP 610
    ``direct_url.json``): ``site-builder @ git+URL@TAG`` or an archive URL; ``None`` for a local
    folder or file, which CI cannot reach."""
    try:
        text = metadata.distribution("site-builder").read_text("direct_url.json")
        info = json.loads(text) if text else {}
    except (metadata.PackageNotFoundError, ValueError):
        return None
    url = info.get("url", "")
    vcs = info.get("vcs_info") or {}
    if vcs.get("vcs") == "git" and url.startswith(("https://", "ssh://", "git@")):
        return f"site-builder @ git+{url}@{vcs.get('requested_revision') or vcs.get('commit_id')}"
    if "archive_info" in info and url.startswith("https://"):
        return f"site-builder @ {url}"
    return None


def read_hooks(path: Path) -> list[dict] | None:
    """The hooks declared in ``.pre-commit-hooks.yaml``, or ``None`` when it is missing or unreadable."""
    try:
        value = parse_yaml(path.read_text(encoding="utf-8"), str(path)).value
    except (OSError, UnicodeDecodeError, YamlProblems):
        return None
    if not isinstance(value, list) or not all(isinstance(h, dict) and "id" in h for h in value):
        return None
    return value


def project_hooks() -> list[dict] | None:
    """The hooks of the site-builder checkout this package runs from (``None`` for a wheel install)."""
    return read_hooks(Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml")


def write_starter(target: Path, files: dict[str, str], force: bool = False) -> tuple[list[str], list[str]]:
    """Write ``files`` under ``target``; returns ``(written, kept)``. A folder with anything in it
    (besides ``.git``) is refused unless ``force``; even then no existing file is replaced."""
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise UsageError(f"init: {target} is a file; give a folder")
    try:
        present = sorted(p.name for p in target.iterdir() if p.name not in IGNORED_IN_EMPTY) if target.is_dir() else []
    except OSError as exc:
        raise UsageError(f"init: cannot read {target}: {exc.strerror or exc}") from None
    if present and not force:
        shown = ", ".join(present[:5]) + (" ..." if len(present) > 5 else "")
        raise UsageError(f"init: {target} is not empty ({shown}); give a new or empty folder, or add --force "
                         "to add the missing files (existing files are never replaced)")
    written, kept = [], []
    for rel, text in files.items():
        path = target / rel
        if path.exists() or path.is_symlink():
            kept.append(rel)
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        except OSError as exc:
            raise UsageError(f"init: cannot write {path}: {exc.strerror or exc} "
                             f"({len(written)} file(s) written before it)") from None
        written.append(rel)
    return written, kept


def init_git(target: Path) -> bool:
    """``git init`` in ``target`` (default branch main) unless it is already inside a git work tree
    or git is missing; returns whether a repository was made."""
    try:
        inside = subprocess.run(["git", "-C", str(target), "rev-parse", "--is-inside-work-tree"],
                                capture_output=True, text=True, check=False)
        if inside.returncode == 0 and inside.stdout.strip() == "true":
            return False
        made = subprocess.run(["git", "init", "-q", "-b", "main", str(target)], capture_output=True, check=False)
        if made.returncode != 0:  # git older than 2.28 has no -b
            made = subprocess.run(["git", "init", "-q", str(target)], capture_output=True, check=False)
        return made.returncode == 0
    except OSError:
        return False


# ---------------------------------------------------------------- the pieces

def _template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _readme(options: StarterOptions, host: Host, requirement: str) -> str:
    title = options.title or DEFAULT_TITLE[options.language]
    source = git_source(requirement)
    tool = source[0] if source else "https://github.com/YOUR-ORGANISATION/site-builder"
    note = ""
    if PLACEHOLDER_REPOSITORY in requirement:
        note = ("\n> **Trước khi dùng:** sửa dòng cuối của `requirements.txt` (và `repo:` trong "
                "`.pre-commit-config.yaml`) thành địa chỉ kho site-builder mà đơn vị dùng; máy chủ CI cài "
                "site-builder từ đó.\n")
    text = _template("README.md")
    for key, value in (("@@TITLE@@", title), ("@@TOOL_URL@@", tool), ("@@INSTALL_NOTE@@", note),
                       ("@@DEPLOY@@", _template(host.readme).strip())):
        text = text.replace(key, value)
    return text


def _gitignore(host: Host) -> str:
    lines = ["# Made by site-builder, never committed (README.md, \"Không bao giờ commit\").",
             "/output/", f"/{TEMP_PREFIX}*", f"/{OLD_PREFIX}*", ".site-builder-cache/", *host.gitignore,
             "", "# Python", ".venv/", "__pycache__/",
             "", "# Editors and systems (~$ files are Word's lock files)", ".DS_Store", "Thumbs.db", "~$*", "*.swp"]
    return "\n".join(lines) + "\n"


def _requirements(requirement: str) -> str:
    return ("# The site-builder CI installs (pip install -r requirements.txt), pinned to one release.\n"
            "# site-builder is not on PyPI: install it from its git repository at a release tag, or from a\n"
            "# wheel file, e.g. site-builder @ https://example.org/files/site_builder-0.1.0-py3-none-any.whl\n"
            f"{requirement}\n")


def examples() -> dict:
    """The example values of :data:`EXAMPLES_FILE`."""
    return parse_yaml(_template(EXAMPLES_FILE), EXAMPLES_FILE).value


def _data_files(options: StarterOptions, vocabularies) -> dict[str, str]:
    """One file per entity type: its examples, or an empty list with a commented example to copy."""
    values = examples()
    first_ids = {name: items[0]["id"] for name, items in values["entities"].items()}
    files = {}
    for name, entity in ENTITIES.items():
        header = (f"# {entity.plural['vi']} / {entity.plural['en']}: a list, one '- ' item each. "
                  "Fields marked (*) are required.\n")
        if name in values["entities"]:
            body = ("# Ví dụ: thay bằng mục thật (example: replace it with a real entry).\n"
                    + "\n".join(entity_skeleton(entity, item, options.today, vocabularies, first_ids)
                                for item in values["entities"][name]))
        else:
            example = {"id": values["example_ids"][name]} if name in values["example_ids"] else {}
            body = ("# Chưa có mục nào. Ví dụ để chép (bỏ dấu # đầu dòng và xóa dòng [] bên dưới):\n"
                    + entity_skeleton(entity, example, options.today, vocabularies, first_ids, commented=True)
                    + "[]\n")
        files[f"content/data/{entity.file}"] = header + body
    return files


def _example_records(options: StarterOptions, vocabularies) -> dict[str, str]:
    """One draft record of each kind, from the ``new`` skeleton, titled as an example."""
    values = examples()
    first_ids = {name: items[0]["id"] for name, items in values["entities"].items()}
    files = {}
    for kind in KINDS.values():
        title = f"Ví dụ: {kind.label['vi'].lower()} (hồ sơ mẫu, không công bố)"
        identifier = slugify(f"vi du {kind.label['vi']}")
        answers = {"sources": [values["source"]], **values["records"][kind.name]}
        if kind.name == "commendation":  # a decision is dated: the day of init
            answers["decision"] = {"number": answers["decision"]["number"], "date": options.today,
                                   **answers["decision"]}
        files[f"content/{kind.folder}/{identifier}.md"] = skeleton_text(
            kind, title, identifier, options.today, vocabularies, first_ids, answers)
    return files


_YAML_WORDS = ("y", "n", "yes", "no", "on", "off", "true", "false", "null")  # would not read back as strings


def _flow(value) -> str:
    """A YAML flow value (JSON is YAML): strings quoted, mappings and lists on one line."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9_-]*", value) and value not in _YAML_WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)

"""The ``site-builder`` command: build, check, new, serve.

Exit codes: 0 success (warnings allowed), 1 content errors, 2 usage errors.
Other tools and CI depend on these command and option names: keep them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from . import __version__
from .errors import BuildFailed, Problem, SiteBuilderError, UsageError, sorted_problems
from .kinds import KINDS
from .starter import HOSTS

FORMATS = ("text", "json", "github")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="site-builder", description="Build a static transparency site from "
                                     "Markdown and YAML records.")
    parser.add_argument("--version", action="version", version=f"site-builder {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into output/")
    build.add_argument("project_dir", nargs="?", default=".", metavar="PROJECT_DIR")
    build.add_argument("--out", metavar="DIR", help="output folder (default PROJECT_DIR/output)")
    build.add_argument("--base-url", metavar="URL", help="public address, overrides site.yaml's base_url")
    build.add_argument("--drafts", action="store_true", help="include records with status: draft")
    build.add_argument("--no-cache", action="store_true",
                       help="neither read nor write .site-builder-cache/ (the output is the same either way)")

    check = commands.add_parser("check", help="validate everything, build nothing")
    check.add_argument("project_dir", nargs="?", default=".", metavar="PROJECT_DIR")
    check.add_argument("--format", choices=FORMATS, default="text", help="how to print problems (text)")

    new = commands.add_parser("new", help="write a new record (asks for its fields in a terminal)")
    new.add_argument("kind", nargs="?", choices=sorted(KINDS), metavar="KIND", help=", ".join(sorted(KINDS)))
    new.add_argument("title", nargs="?", metavar="TITLE")
    new.add_argument("project_dir", nargs="?", default=".", metavar="PROJECT_DIR")
    new.add_argument("--id", help="the record's id (default: folded from the title)")
    asking = new.add_mutually_exclusive_group()
    asking.add_argument("-i", "--interactive", action="store_true", help="ask for the fields even without a terminal")
    asking.add_argument("--no-input", action="store_true", help="never ask: write the skeleton with placeholders")

    serve = commands.add_parser("serve", help="preview with live reload")
    serve.add_argument("project_dir", nargs="?", default=".", metavar="PROJECT_DIR")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (8000; 0 picks a free one)")
    serve.add_argument("--drafts", action="store_true", help="include records with status: draft")

    schema = commands.add_parser("schema", help="write JSON Schemas of records and data files for editors")
    schema.add_argument("project_dir", nargs="?", default=".", metavar="PROJECT_DIR")
    schema.add_argument("--out", metavar="DIR", help="folder for the schemas (default PROJECT_DIR/schemas)")

    privacy = commands.add_parser("privacy", help="look for personal data in files (for pre-commit)")
    privacy.add_argument("files", nargs="*", metavar="FILE", help="files to scan (default: content/ of PROJECT_DIR .)")
    privacy.add_argument("--format", choices=FORMATS, default="text", help="how to print problems (text)")

    init = commands.add_parser("init", help="start a new content repository that builds at once")
    init.add_argument("directory", metavar="DIR", help="the new project's folder (new or empty)")
    init.add_argument("--title", help="the site's name (default: a bilingual title to edit in site.yaml)")
    init.add_argument("--language", choices=("vi", "en"), default="vi", help="the language served at / (vi)")
    init.add_argument("--host", choices=sorted(HOSTS), default="github-pages",
                      help="where the site is published: the CI files to write (github-pages)")
    init.add_argument("--install", metavar="REQUIREMENT",
                      help="how CI installs site-builder, a pip requirement such as "
                           "'site-builder @ git+https://github.com/ORG/site-builder@v0.1.0' (default: as installed here)")
    init.add_argument("--force", action="store_true", help="write into a folder that is not empty (never replaces files)")
    init.add_argument("--no-git", action="store_true", help="do not run git init")

    deploy = commands.add_parser("deploy", help="upload the built site to an S3-compatible bucket (changed files only)")
    deploy.add_argument("target", metavar="s3://BUCKET/PREFIX/")
    deploy.add_argument("project_dir", nargs="?", default=".", metavar="PROJECT_DIR")
    deploy.add_argument("--out", metavar="DIR", help="the built site (default PROJECT_DIR/output)")
    deploy.add_argument("--endpoint-url", metavar="URL", help="a non-Amazon S3 service (R2, MinIO ...)")
    deploy.add_argument("--dry-run", action="store_true", help="list what would be uploaded and deleted, change nothing")
    deploy.add_argument("--no-delete", action="store_true", help="keep files that the new build no longer has")
    deploy.add_argument("--full", action="store_true", help="upload every file, ignoring the record of the last upload")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (also when called in-process by tests)."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return _COMMANDS[args.command](args)
    except BuildFailed as exc:
        _print_problems(exc.problems, sys.stderr)
        return 1
    except SiteBuilderError as exc:
        print(f"site-builder: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `site-builder check --format json | head`: the reader left; not an error of ours
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return 1


def _project(args, **options):
    from .build import load_project
    return load_project(Path(args.project_dir), environ=os.environ, **options)


def _build(args) -> int:
    from .build import build
    config = _project(args, output_dir=Path(args.out) if args.out else None, base_url=args.base_url,
                      drafts=args.drafts)
    report = build(config, cache=not args.no_cache)
    _print_problems(report.warnings, sys.stderr)
    shown = os.path.relpath(report.output_dir)
    if report.up_to_date:
        print(f"Nothing changed since the last build: {shown}/ is up to date ({report.records} records, "
              f"{report.pages} pages, {report.files} files; checked in {report.seconds:.2f} s).")
    else:
        print(f"Built {report.records} records into {report.pages} pages ({report.files} files) in {shown}/ "
              f"in {report.seconds:.2f} s.")
    print(f"Preview: site-builder serve {args.project_dir}   or   python -m http.server -d {shown} 8000")
    return 0


def _check(args) -> int:
    from .build import check
    try:
        problems, _ = check(_project(args))
    except BuildFailed as exc:  # site.yaml itself is broken
        problems = exc.problems
    problems = sorted_problems(problems)
    errors = sum(1 for p in problems if p.is_error)
    _print_format(problems, args.format, Path(args.project_dir))
    if args.format == "text" and not problems:
        print("No problems found.")
    return 1 if errors else 0


def _print_format(problems: list[Problem], format_: str, project_dir: Path) -> None:
    """Problems as text, as JSON (``{errors, warnings, problems: [...]}``), or as GitHub annotations."""
    errors = sum(1 for p in problems if p.is_error)
    if format_ == "json":
        json.dump({"errors": errors, "warnings": len(problems) - errors,
                   "problems": [{**p.as_dict(), "file": _shown_path(project_dir, p.location.path)}
                                for p in problems]}, sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif format_ == "github":
        for problem in problems:
            print(github_annotation(problem, _shown_path(project_dir, problem.location.path)))
        print(f"site-builder: {errors} error(s), {len(problems) - errors} warning(s).")
        _step_summary(problems, project_dir)
    else:
        _print_problems(problems, sys.stdout)


def _shown_path(project_dir: Path, path: str) -> str:
    """A problem's file as CI sees it: relative to the checkout (``GITHUB_WORKSPACE``) or the current folder."""
    base = os.environ.get("GITHUB_WORKSPACE") or os.getcwd()
    shown = os.path.relpath(os.path.abspath(os.path.join(project_dir, path)), base)
    return shown.replace(os.sep, "/")


def _step_summary(problems: list[Problem], project_dir: Path) -> None:
    """GitHub shows at most 10 annotations of each kind per step: list every problem in the job summary."""
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary or not problems:
        return

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")
    lines = ["### site-builder check", "", "| | file | field | problem | fix |", "|---|---|---|---|---|"]
    for p in problems:
        where = _shown_path(project_dir, p.location.path) + (f":{p.location.line}" if p.location.line else "")
        lines.append(f"| {'❌' if p.is_error else '⚠️'} | `{cell(where)}` | {cell(p.field)} | {cell(p.message)} "
                     f"| {cell(p.hint)} |")
    try:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
    except OSError:
        pass


def _validated_project(project_dir: str):
    """``(project, vocabularies, validated content)`` of a project, without building it."""
    from . import sources, validate, vocabularies
    project = Path(project_dir)
    if not (project / "site.yaml").is_file():
        raise UsageError(f"{project / 'site.yaml'}: not found: give the project folder")
    loaded = sources.load_content(project)
    vocabs, _ = vocabularies.merge_vocabularies(vocabularies.load_default_vocabularies(), loaded.vocabularies)
    return project, vocabs, validate.validate_content(loaded, vocabs)


def _new(args) -> int:
    from .scaffold import new_record
    project, vocabs, validated = _validated_project(args.project_dir)
    interactive = args.interactive or (not args.no_input and sys.stdin.isatty())
    if not interactive and not (args.kind and args.title):
        raise UsageError("new: give KIND and TITLE (or run it in a terminal to be asked for them)")
    kind, title, answers = args.kind, args.title, None
    if interactive:
        from .prompts import Cancelled, Prompter
        record_ids: dict[str, list[str]] = {}
        for record in validated.records:
            record_ids.setdefault(record.kind, []).append(record.id)
        prompter = Prompter(vocabs, validated.entities, record_ids)
        try:
            kind = kind or prompter.kind()
            answers = prompter.record(KINDS[kind], title, args.id)
        except (Cancelled, KeyboardInterrupt):
            print("\nCancelled: nothing written.", file=sys.stderr)
            return 130
        title = answers.pop("title")
    try:
        path = new_record(project, kind, title, dt.date.today(), vocabs, validated.entities,
                          (answers or {}).pop("id", None) or args.id, answers)
    except (FileExistsError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    shown = os.path.relpath(path)
    if answers:
        print(f"Wrote {shown} (status: draft). Write the text below the second '---', then preview it with "
              f"'site-builder serve --drafts {args.project_dir}'; set status: published when it is ready.")
    else:
        print(f"Wrote {shown}. Fill it in, then run: site-builder check {args.project_dir}")
    return 0


def _serve(args) -> int:
    from .serve import serve
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: give a port between 1 and 65535 (or 0 for any free port)")
    return serve(_project(args, drafts=args.drafts), host=args.host, port=args.port,
                 reload_config=lambda: _project(args, drafts=args.drafts))


def _schema(args) -> int:
    from . import editor_schemas
    project, vocabs, validated = _validated_project(args.project_dir)
    ids = editor_schemas.known_ids(validated.records, validated.entities)
    out = Path(args.out) if args.out else project / "schemas"
    out.mkdir(parents=True, exist_ok=True)
    schemas = editor_schemas.editor_schemas(vocabs, ids)
    for name, schema in schemas.items():
        (out / name).write_bytes(editor_schemas.schema_bytes(schema))
    folder = os.path.relpath(out, project).replace(os.sep, "/")
    settings = editor_schemas.vscode_settings("./" + folder if not folder.startswith(".") else folder)
    (out / "vscode-settings.json").write_bytes(editor_schemas.schema_bytes(settings))
    print(f"Wrote {len(schemas)} schemas into {os.path.relpath(out)}/ with the ids of {sum(map(len, ids.values()))} "
          f"records and entities.")
    print(f"For VS Code's YAML extension, put this in {project / '.vscode' / 'settings.json'} "
          f"(also in {os.path.relpath(out / 'vscode-settings.json')}):")
    print(json.dumps(settings, ensure_ascii=False, indent=2))
    return 0


def _privacy(args) -> int:
    from .privacy_scan import scan_files
    files = [Path(f) for f in args.files] or sorted(p for p in Path("content").rglob("*") if p.is_file())
    problems = sorted_problems(scan_files(files))
    _print_format(problems, args.format, Path("."))
    if args.format == "text" and not problems:
        print(f"No personal data found in {len(files)} file(s).")
    return 1 if any(p.is_error for p in problems) else 0


def _init(args) -> int:
    from . import starter, vocabularies
    target = Path(args.directory)
    requirement = args.install or starter.installed_requirement()
    options = starter.StarterOptions(args.title, args.language, args.host, requirement, dt.date.today())
    files = starter.starter_files(options, vocabularies.load_default_vocabularies(), starter.project_hooks())
    written, kept = starter.write_starter(target, files, force=args.force)
    made_git = not args.no_git and starter.init_git(target)
    print(f"Wrote {len(written)} files into {target}/" + (" and made it a git repository" if made_git else "") + ":")
    for rel in written:
        print(f"  {rel}")
    if kept:
        print(f"Kept {len(kept)} existing file(s) as they were: {', '.join(kept)}")
    if requirement is None:
        print("Edit requirements.txt (and repo: in .pre-commit-config.yaml): say where CI installs site-builder from.")
    print(f"Next: cd {target} && site-builder check && site-builder serve --drafts   "
          "(the example records are drafts; README.md says what to replace)")
    return 0


def _deploy(args) -> int:
    from .deploy import deploy, parse_target
    target = parse_target(args.target)
    output = Path(args.out) if args.out else Path(args.project_dir) / "output"
    deploy(output, target, dry_run=args.dry_run, delete=not args.no_delete, full=args.full,
           endpoint_url=args.endpoint_url)
    return 0


_COMMANDS = {"build": _build, "check": _check, "new": _new, "serve": _serve, "schema": _schema,
             "privacy": _privacy, "init": _init, "deploy": _deploy}


def _print_problems(problems: list[Problem], stream) -> None:
    problems = sorted_problems(problems)
    for problem in problems:
        print(problem.format(), file=stream)
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if problems:
        print(f"{errors} error(s), {warnings} warning(s).", file=stream)


def _escape(text: str, properties: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if properties else text


def github_annotation(problem: Problem, path: str | None = None) -> str:
    """A GitHub Actions workflow command: ``::error file=...,line=...,col=...,title=...::message``.

    Escaped as GitHub's toolkit does: ``%``, CR and LF in the message; also ``:`` and ``,`` in
    the properties. ``path`` is the file as the checkout names it (default: project-relative)."""
    level = "error" if problem.is_error else "warning"
    props = [f"file={_escape(path or problem.location.path, True)}"]
    if problem.location.line:
        props.append(f"line={problem.location.line}")
    if problem.location.column:
        props.append(f"col={problem.location.column}")
    if problem.field:
        props.append(f"title={_escape(problem.field, True)}")
    message = problem.message + (f" ({problem.hint})" if problem.hint else "")
    return f"::{level} {','.join(props)}::{_escape(message)}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""Hostile or broken input: a clear ``path:line: field: message (hint)``, exit 1, never a traceback,
and the last good ``output/`` untouched.

Each case changes a copy of the ``minimal`` site; ``check`` and ``build`` must both exit 1 (2 for a
wrong ``--out``) with the expected message, every printed problem in the documented format, and
the output of the earlier good build byte for byte as it was. Inputs that are only unusual (a BOM,
CRLF or CR line ends, NFD text) build, normalised.

``python tests/test_hostile_input.py`` prints the table of inputs and what each produced.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from conftest import FIXTURES, _run_cli, tree_digest  # noqa: E402

RECORD = "content/models/mot-cua.md"
PROBLEM_LINE = re.compile(r"^(?P<path>[^\s:][^:]*?)(?::(?P<line>\d+))?(?::(?P<col>\d+))?: (?:warning: )?"
                          r"(?:(?P<field>[\w.\[\]-]+): )?(?P<message>.+)$")
SUMMARY_LINE = re.compile(r"^\d+ error\(s\), \d+ warning\(s\)\.$")


def _record(project: Path) -> str:
    return (project / RECORD).read_text(encoding="utf-8")


def _set_record(project: Path, text: str) -> None:
    (project / RECORD).write_text(text, encoding="utf-8")


def _replace(old: str, new: str):
    def change(project: Path) -> None:
        text = _record(project)
        assert old in text, old
        _set_record(project, text.replace(old, new, 1))
    return change


def _body(body: str):
    return _replace("Nội dung.", body)


def _field(line: str):
    """Add a line of front matter after ``state: running`` (the record's last field)."""
    return _replace("state: running\n", "state: running\n" + line + "\n")


def _write(rel: str, data: bytes | str):
    def change(project: Path) -> None:
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
    return change


def _both(*changes):
    def change(project: Path) -> None:
        for one in changes:
            one(project)
    return change


def _symlink(rel: str, target: str):
    def change(project: Path) -> None:
        os.symlink(target, project / rel)
    return change


def _fifo(project: Path) -> None:
    os.mkfifo(project / "content/models/pipe.md")


def _sparse(rel: str, size: int):
    def change(project: Path) -> None:
        with open(project / rel, "wb") as handle:
            handle.truncate(size)
    return change


def _record_copy(rel: str, old: str = "", new: str = ""):
    def change(project: Path) -> None:
        _write(rel, _record(project).replace(old, new) if old else _record(project))(project)
    return change


BILLION_LAUGHS = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
                  + "".join(f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n"
                            for p, n in zip("abcdefgh", "bcdefghi")))

#: (name, change, expected text in the output, exit code of build[, exit code of check, else 1]).
CASES = [
    ("malformed YAML (unclosed quote)", _replace('title: "Một cửa một dấu"', 'title: "Một cửa một dấu'),
     "invalid YAML", 1),
    ("tab indentation", _replace("units: [ubnd-tp-ha-noi]", "units:\n\t- ubnd-tp-ha-noi"),
     "indent with spaces, not tabs", 1),
    ("duplicate key", _field("title: again"), "duplicate key (already set on line 3)", 1),
    ("YAML alias bomb (billion laughs)", _field(BILLION_LAUGHS.replace("\n", "\n")),
     "the document expands to more than 200,000 values", 1),
    ("unsafe YAML tag", _field("x: !!python/object/apply:os.system [touch pwned]"), "unsupported tag", 1),
    ("merge key", _field("<<: {title: x}"), "merge keys (<<) are not supported", 1),
    ("list as a key", _field("? [a]\n: 1"), "a key must be plain text", 1),
    ("control character (Word's line break)", _replace("Một cửa một dấu", "Một cửa\x0bmột dấu"),
     "content/models/mot-cua.md:3:16: contains a control character (U+000B), which is invisible", 1),
    ("escape sequence for terminals", _body("\x1b]0;pwned\x07\x1b[2J"), "contains a control character (U+001B)", 1),
    ("right-to-left override", _replace("Một cửa một dấu", "Kết luận: \u202eaḥp iv gnôhk"),
     "contains a text-direction override (U+202E)", 1),
    ("text-direction override as a YAML escape", _replace('title: "Một cửa một dấu"', r'title: "Kết luận: \u202eaḥp"'),
     "content/models/mot-cua.md:3:8: title: contains a text-direction override (U+202E), which is invisible", 1),
    ("NUL byte as a YAML escape", _field(r'summary: {vi: "a\0b", en: x}'),
     "summary.vi: contains a control character (U+0000)", 1),
    ("terminal escape as a YAML escape in a key", _field(r'"x\e]0;pwned\a": 1'),
     "contains a control character (U+001B)", 1),
    ("text-direction override as a YAML escape in site.yaml", _write("site.yaml", 'title: "Trang \\u202e"\n'),
     "site.yaml:1:8: title: contains a text-direction override (U+202E)", 1),
    ("file name with a line break", _record_copy("content/models/mot\ncua.md", "id: mot-cua", "id: mot-cua-2"),
     "content/models/mot\\ncua.md: the file or folder name contains a control character (U+000A)", 1),
    ("file name with a terminal escape", _record_copy("content/models/\x1b[2J.md", "id: mot-cua", "id: mot-cua-2"),
     "content/models/\\x1b[2J.md: the file or folder name contains a control character (U+001B)", 1),
    ("file name that is not UTF-8", _record_copy(os.fsdecode(b"content/models/m\xf4t.md"), "id: mot-cua", "id: mot-cua-2"),
     "content/models/m\\xf4t.md: the file or folder name contains bytes that are not UTF-8", 1),
    ("number of 5,000 digits", _field("x: " + "9" * 5000), "a number of 5,000 digits is too long", 1),
    ("impossible date", _replace("published: 2024-02-01", "published: 2024-02-30"), "cannot read value", 1),
    ("non-UTF-8 bytes (Windows-1252)", _write(RECORD, "---\nid: mot-cua\ntitle: \"Tiêu\"\n---\n".encode("cp1252")),
     "content/models/mot-cua.md:3:11: is not UTF-8 text", 1),
    ("binary file as a record", _write(RECORD, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "is a binary file, not text", 1),
    ("empty file", _write(RECORD, b""), "is empty", 1),
    ("only whitespace", _write(RECORD, "  \n\n\t\n"), "is empty", 1),
    ("front matter not closed", _write(RECORD, "---\nid: mot-cua\ntitle: x\n\nNội dung."),
     "the front matter is not closed", 1),
    ("no front matter", _write(RECORD, "# Một cửa\n\nNội dung.\n"), "has no front matter", 1),
    ("front matter is a list", _write(RECORD, "---\n- a\n- b\n---\nx\n"), "the front matter must be", 1),
    ("huge record file (2 MB + 1)", _write(RECORD, "---\nid: x\n---\n" + "a" * (2 * 1024 * 1024)),
     "more than the 2,097,152 allowed for a content file", 1),
    ("huge attachment (50 MB + 1)", _sparse("content/models/scan.pdf", 50 * 1024 * 1024 + 1),
     "more than the 52,428,800 allowed for an attachment", 1),
    ("id with ..", _replace("id: mot-cua", "id: ../../etc"), 'id: "../../etc" is not a valid id', 1),
    ("absolute id", _replace("id: mot-cua", "id: /etc/passwd"), 'is not a valid id', 1),
    ("attachment path with ..", _field("attachments: [{file: ../data/units.yaml}]"),
     "must be a file name beside the record", 1),
    ("absolute attachment path", _field("attachments: [{file: /etc/passwd}]"),
     "must be a file name beside the record", 1),
    ("attachment path with backslashes", _field("attachments: [{file: '..\\..\\site.yaml'}]"),
     "must be a file name beside the record", 1),
    ("missing attachment", _field("attachments: [{file: khong-co.pdf}]"), "not found", 1),
    ("symlink to a file outside content/", _symlink("content/models/passwd.md", "/etc/passwd"),
     "is a link to a file outside content/", 1),
    ("symlink to a folder outside content/", _symlink("content/models/etc", "/etc"),
     "is a link to a folder outside content/", 1),
    ("broken symlink", _symlink("content/models/gone.md", "/nonexistent/gone.md"), "is a broken link", 1),
    ("named pipe", _fifo, "is not a regular file", 1),
    ("same id in two records", _record_copy("content/models/mot-cua-2.md"), "'mot-cua' is already used", 1),
    ("record id equal to a unit id", _replace("id: mot-cua", "id: ubnd-tp-ha-noi"), "is already used", 1),
    ("free page with the address of a listing", _write("content/pages/models.md", "---\nid: models\ntitle: x\n---\nx\n"),
     "the free page 'models' and the listing page would both be the page /models/", 1),
    ("free page with the address of a language", _write("content/pages/en.md", "---\nid: en\ntitle: x\n---\nx\n"),
     "would both be the page /en/", 1),
    ("attachments differing only in case", _both(
        _write("content/models/Scan.pdf", b"%PDF-1.4 a"), _write("content/models/scan.pdf", b"%PDF-1.4 b"),
        _field("attachments: [{file: Scan.pdf}, {file: scan.pdf}]")),
     "'scan.pdf' would be published under the same name as 'Scan.pdf'", 1),
    ("two attachments with one published name", _both(
        _write("content/models/a/scan.pdf", b"%PDF-1.4 a"), _write("content/models/b/scan.pdf", b"%PDF-1.4 b"),
        _field("attachments: [{file: a/scan.pdf}, {file: b/scan.pdf}]")),
     "would be published under the same name", 1),
    ("alias with '..' (an old address)", _field("aliases: ['/cu/../../../../tmp/x/']"), "has a '.' or '..' part", 1),
    ("alias that is the home page file", _field("aliases: ['/index.html']"),
     "aliases[0]: '/index.html' is the address of an existing page (/)", 1),
    ("alias differing only in case from a listing", _field("aliases: ['/Models/cu/']"),
     "content/models/mot-cua.md:14:11: aliases[0]: '/Models/cu/' and the address /models/ differ only in upper and "
     "lower case", 1),
    ("two aliases differing only in case", _field("aliases: ['/cu/a/', '/CU/b/']"),
     "aliases[1]: '/CU/b/' and the address /cu/ differ only in upper and lower case", 1),
    ("two kinds with one permalink", _write("site.yaml", 'title: x\npermalinks: {unit: "models/{id}"}\n'),
     "would both be the page /models/", 1),
    ("Markdown lists nested 300 deep", _body("\n".join("    " * i + "- x" for i in range(300))),
     "lists and quotes nested this deep cannot be shown", 1),
    ("'1. ' repeated 600 times", _body("1. " * 600 + "x"), "list or quote markers", 1),
    ("20,000 '[' in a paragraph", _body("[" * 20_000), "'[' without a matching ']'", 1),
    ("site.yaml alias bomb", _write("site.yaml", "title: x\n" + BILLION_LAUGHS),
     "site.yaml:", 1),
    ("site.yaml not UTF-8", _write("site.yaml", "# Trang\ntitle: Tiêu\n".encode("cp1252")),
     "site.yaml:2:10: not UTF-8 text", 1),
    ("site.yaml larger than 256 kB", _write("site.yaml", "title: x\n#" + "x" * 300_000 + "\n"),
     "is more than 262,144 bytes", 1),
    ("theme file linked outside the theme", _both(
        _write("site.yaml", "title: x\ntheme: mine\n"), _write("themes/mine/static/keep.txt", "x"),
        _symlink("themes/mine/static/passwd.css", "/etc/passwd")),
     "themes/mine/static/passwd.css: is a link to a file outside the theme", 1, 0),  # check reads no theme
    ("record outside the known folders", _record_copy("content/mot-cua-2.md", "id: mot-cua", "id: mot-cua-2"),
     "is outside the known folders", 1),
    ("kind that disagrees with the folder", _field("kind: commendation"), "does not match the folder", 1),
    ("ID card number in the body", _body("Số CCCD 001070012345."), "looks like an ID card number (001…45)", 1),
    ("phone number in a field", _replace('title: "Một cửa một dấu"', 'title: "Gọi 0912 345 678"'),
     "looks like a phone number", 1),
    ("date of birth in the body", _body("Ông A, sinh ngày 02/01/1970."), "looks like a date of birth", 1),
    ("forbidden key", _field("ngay_sinh: 1970-01-02"), "personal data (date of birth) must not be stored", 1),
]

CASES = [case if len(case) == 5 else case + (1,) for case in CASES]  # the last item: check's exit code

#: Cases that crashed the whole Python process (a C stack overflow) before they were handled: run
#: in a child process, so that a regression fails one test instead of killing the test run.
PROCESS_CASES = [
    ("lists nested 100,000 deep", _field("x: " + "[" * 100_000 + "]" * 100_000),
     "lists and mappings nest more than 50 levels deep", 1, 1),
    ("mappings nested 100,000 deep", _field("x: " + "{a: " * 100_000 + "1" + "}" * 100_000),
     "lists and mappings nest more than 50 levels deep", 1, 1),
]

#: Inputs that are only unusual: they build, and what is published is normalised.
ACCEPTED = [
    ("UTF-8 byte order mark", lambda p: _write(RECORD, b"\xef\xbb\xbf" + _record(p).encode())(p)),
    ("CRLF line ends", lambda p: _write(RECORD, _record(p).replace("\n", "\r\n").encode())(p)),
    ("CR line ends", lambda p: _write(RECORD, _record(p).replace("\n", "\r").encode())(p)),
    ("NFD text (macOS)", lambda p: _write(RECORD, __import__("unicodedata").normalize("NFD", _record(p)))(p)),
]


@pytest.fixture(scope="module")
def good_output(tmp_path_factory) -> tuple[Path, str]:
    """The minimal site built once: each case starts from a copy of this output."""
    root = tmp_path_factory.mktemp("good")
    shutil.copytree(FIXTURES / "minimal", root / "project")
    code, out, err = _run_cli(["build", root / "project", "--out", root / "output"])
    assert code == 0, err
    return root / "output", tree_digest(root / "output")


def run_case(change, tmp_path: Path, good_output, in_process: bool = True) -> dict:
    """Apply ``change`` to a fresh copy of the minimal site; run check and build."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", project)
    output = tmp_path / "output"
    shutil.copytree(good_output[0], output)
    change(project)
    run = _run_cli if in_process else _run_process
    check = run(["check", project])
    build = run(["build", project, "--out", output])
    return {"check": check, "build": build, "output": output, "project": project}


def _run_process(argv) -> tuple[int, str, str]:
    import subprocess

    done = subprocess.run([sys.executable, "-m", "site_builder", *map(str, argv)], capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONFAULTHANDLER": ""})
    return done.returncode, done.stdout, done.stderr


def _assert_clean_report(text: str) -> None:
    assert "Traceback" not in text and "Error:" not in text.split("\n")[0], text
    for line in text.strip().splitlines():
        if line.startswith(("Built ", "Preview:", "No problems")) or SUMMARY_LINE.match(line):
            continue
        assert PROBLEM_LINE.match(line), f"not a 'path:line: field: message' line: {line!r}"


@pytest.mark.parametrize("name, change, expected, build_code, check_code, in_process",
                         [c + (True,) for c in CASES] + [c + (False,) for c in PROCESS_CASES],
                         ids=[c[0] for c in CASES + PROCESS_CASES])
def test_hostile_input_is_a_clear_problem(name, change, expected, build_code, check_code, in_process, tmp_path,
                                          good_output):
    result = run_case(change, tmp_path, good_output, in_process)
    code, out, err = result["check"]
    assert code == check_code, out + err
    assert check_code == 0 or expected in out + err
    _assert_clean_report(out)
    code, out, err = result["build"]
    assert code == build_code, out + err
    assert expected in err
    _assert_clean_report(err)
    assert tree_digest(result["output"]) == good_output[1], "the last good output changed"
    assert not (result["project"] / "pwned").exists() and not Path("pwned").exists()


@pytest.mark.parametrize("name, change", ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_unusual_but_valid_input_is_normalised(name, change, tmp_path, good_output):
    result = run_case(change, tmp_path, good_output)
    assert result["check"][0] == 0, result["check"]
    assert result["build"][0] == 0, result["build"]
    page = (result["output"] / "models/mot-cua/index.html").read_text(encoding="utf-8")
    assert "Một cửa một dấu" in page and "\ufeff" not in page and "\r" not in page
    assert tree_digest(result["output"]) == good_output[1]  # the same bytes as the plain file gives


def test_line_numbers_count_crlf_lines_once(tmp_path, good_output):
    crlf = lambda p: _write(RECORD, _record(p).replace("published: 2024-02-01", "published: 31/5/2024")  # noqa: E731
                            .replace("\n", "\r\n").encode())(p)
    result = run_case(crlf, tmp_path, good_output)
    assert "content/models/mot-cua.md:9:1: published: expected a date" in result["check"][1]


def test_an_output_folder_with_other_files_is_not_replaced(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", project)
    documents = tmp_path / "Documents"
    (documents / "thesis").mkdir(parents=True)
    (documents / "thesis" / "chapter-1.docx").write_bytes(b"years of work")
    code, out, err = _run_cli(["build", project, "--out", documents])
    assert code == 2 and "refusing to replace this folder" in err
    assert (documents / "thesis" / "chapter-1.docx").read_bytes() == b"years of work"


def test_a_git_checkout_as_output_folder_is_not_replaced(tmp_path, good_output):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", project)
    pages = tmp_path / "gh-pages"
    shutil.copytree(good_output[0], pages)
    (pages / ".git").mkdir()
    (pages / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    code, _, err = _run_cli(["build", project, "--out", pages])
    assert code == 2 and "refusing to replace this folder" in err
    assert (pages / ".git" / "HEAD").is_file()


def table() -> list[tuple[str, str]]:
    """(input, first line of what check printed) for every case: the table of the closing note."""
    import tempfile

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(FIXTURES / "minimal", root / "good-project")
        _run_cli(["build", root / "good-project", "--out", root / "good-output"])
        good = (root / "good-output", tree_digest(root / "good-output"))
        cases = [c + (True,) for c in CASES] + [c + (False,) for c in PROCESS_CASES] + \
            [(n, c, "", 0, 0, True) for n, c in ACCEPTED]
        for index, (name, change, expected, _, _, in_process) in enumerate(cases):
            case = root / str(index)
            case.mkdir()
            result = run_case(change, case, good, in_process)
            code, out, err = result["check"] if result["check"][0] else result["build"]
            lines = [line for line in (out + err).splitlines() if expected and expected in line] or \
                (out + err).splitlines()
            untouched = tree_digest(result["output"]) == good[1]
            rows.append((name, f"check {result['check'][0]}, build {result['build'][0]}, output kept: "
                         f"{'yes' if untouched else 'NO'} | {lines[0] if lines else ''}"))
    return rows


if __name__ == "__main__":
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1750000000")
    for name, outcome in table():
        print(f"| {name} | {outcome} |")

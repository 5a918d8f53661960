"""``site-builder init``: a new content repository that checks and builds at once, never overwriting."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
import yaml

from site_builder import starter
from site_builder.kinds import ENTITIES, KINDS
from site_builder.vocabularies import load_default_vocabularies

GITHUB_PAGES_FILES = [
    ".github/workflows/publish.yml", ".gitignore", ".pre-commit-config.yaml", "README.md",
    "content/commendations/vi-du-quyet-dinh-khen-thuong.md", "content/data/documents.yaml",
    "content/data/localities.yaml", "content/data/observations.yaml", "content/data/people.yaml",
    "content/data/series.yaml", "content/data/themes.yaml", "content/data/units.yaml",
    "content/inspections/vi-du-ket-qua-thanh-tra-kiem-tra.md", "content/models/vi-du-mo-hinh-cach-lam-hay.md",
    "content/pages/about.md", "content/pages/corrections.md", "requirements.txt", "site.yaml",
]


def files_under(root):
    """The files in ``root``, as sorted relative paths, without git's own."""
    paths = (p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    return sorted(path for path in paths if not path.startswith(".git/"))


def test_init_writes_a_project_that_checks_and_builds(tmp_path, run_cli):
    project = tmp_path / "minh-bach"
    code, out, err = run_cli(["init", project, "--no-git", "--title", "Minh bạch tỉnh Ví Dụ"])
    assert (code, err) == (0, "")
    assert files_under(project) == GITHUB_PAGES_FILES
    assert out.startswith(f"Wrote {len(GITHUB_PAGES_FILES)} files into {project}/:\n")
    assert f"Next: cd {project} && site-builder check" in out
    assert run_cli(["check", project]) == (0, "No problems found.\n", "")
    code, out, err = run_cli(["build", project])
    assert code == 0, err
    home = (project / "output/index.html").read_text(encoding="utf-8")
    assert "Minh bạch tỉnh Ví Dụ" in home
    assert "Ví dụ:" not in home  # the example records are drafts: not published
    assert (project / "output/about/index.html").is_file() and (project / "output/corrections/index.html").is_file()


def test_the_examples_are_drafts_of_every_kind_marked_as_examples(tmp_path, run_cli):
    project = tmp_path / "p"
    assert run_cli(["init", project, "--no-git"])[0] == 0
    for kind in KINDS.values():
        records = list((project / "content" / kind.folder).glob("*.md"))
        assert len(records) == 1, kind.name
        text = records[0].read_text(encoding="utf-8")
        assert "status: draft" in text
        assert re.search(r"^title: \{vi: 'Ví dụ: .*\(hồ sơ mẫu, không công bố\)'\}", text, re.M), text
    assert run_cli(["build", project, "--drafts", "--out", tmp_path / "drafts"])[0] == 0
    pages = [p for p in (tmp_path / "drafts").rglob("index.html") if "Ví dụ: " in p.read_text(encoding="utf-8")]
    assert len(pages) >= 6  # each example's page in both languages, and the listings
    for name in ("locality", "unit"):
        text = (project / "content/data" / ENTITIES[name].file).read_text(encoding="utf-8")
        assert "ví dụ: thay bằng" in text


def test_every_data_file_exists_and_empty_ones_show_an_example_to_copy(tmp_path):
    files = starter.starter_files(starter.StarterOptions(), load_default_vocabularies(), None)
    for entity in ENTITIES.values():
        text = files[f"content/data/{entity.file}"]
        assert yaml.safe_load(text) is not None
        if entity.name not in starter.examples()["entities"]:
            assert yaml.safe_load(text) == []
            uncommented = [line[2:] for line in text.splitlines() if line.startswith("# ")]
            start = next(i for i, line in enumerate(uncommented) if line.startswith("- "))
            item = yaml.safe_load("\n".join(uncommented[start:]))
            assert isinstance(item, list) and set(item[0]) >= {f.name for f in entity.fields if f.required}


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, run_cli):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    code, out, err = run_cli(["init", tmp_path, "--no-git"])
    assert code == 2 and out == ""
    assert err == (f"site-builder: init: {tmp_path} is not empty (notes.txt); give a new or empty folder, or add "
                   "--force to add the missing files (existing files are never replaced)\n")
    assert files_under(tmp_path) == ["notes.txt"]


def test_init_accepts_a_fresh_clone_and_force_never_replaces_a_file(tmp_path, run_cli):
    clone = tmp_path / "clone"
    (clone / ".git").mkdir(parents=True)
    assert run_cli(["init", clone, "--no-git"])[0] == 0
    assert (clone / "site.yaml").is_file()

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "README.md").write_text("# Our own README\n", encoding="utf-8")
    code, out, err = run_cli(["init", mine, "--no-git", "--force"])
    assert code == 0, err
    assert (mine / "README.md").read_text(encoding="utf-8") == "# Our own README\n"
    assert "Kept 1 existing file(s) as they were: README.md" in out
    assert files_under(mine) == GITHUB_PAGES_FILES
    assert run_cli(["init", tmp_path / "file.txt", "--no-git"])[0] == 0  # a new folder named like a file
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    assert run_cli(["init", tmp_path / "plain", "--no-git"])[0] == 2


def test_english_at_the_root(tmp_path, run_cli):
    project = tmp_path / "en-site"
    assert run_cli(["init", project, "--no-git", "--language", "en", "--title", "Province records"])[0] == 0
    settings = yaml.safe_load((project / "site.yaml").read_text(encoding="utf-8"))
    assert settings["default_language"] == "en" and settings["languages"] == ["en", "vi"]
    assert settings["title"] == {"vi": "Province records", "en": "Province records"}
    assert run_cli(["check", project]) == (0, "No problems found.\n", "")
    assert run_cli(["build", project])[0] == 0
    assert '<html lang="en"' in (project / "output/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("host, files", [
    ("github-pages", [".github/workflows/publish.yml"]),
    ("gitlab-pages", [".gitlab-ci.yml"]),
    ("netlify", [".github/workflows/check.yml", "netlify.toml"]),
    ("cloudflare-pages", [".github/workflows/check.yml"]),
    ("s3", [".github/workflows/publish.yml"]),
])
def test_each_host_gets_its_ci_files_and_readme_section(tmp_path, run_cli, host, files):
    project = tmp_path / host
    assert run_cli(["init", project, "--no-git", "--host", host])[0] == 0
    ci = [f for f in files_under(project) if f.startswith((".github/", ".gitlab")) or f.endswith(".toml")]
    assert ci == files
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "@@" not in readme
    assert starter._template(starter.HOSTS[host].readme).strip() in readme
    assert run_cli(["check", project])[0] == 0


def test_the_site_yaml_lists_every_option_with_its_help():
    from site_builder.config import OPTIONS

    text = starter.site_yaml(starter.StarterOptions(title="Tỉnh A: “minh bạch”"))
    for option in OPTIONS.fields:
        assert re.search(rf"^(# )?{option.name}: ", text, re.M), option.name
    assert yaml.safe_load(text)["title"] == {"vi": "Tỉnh A: “minh bạch”"}


def test_gitignore_covers_the_output_the_cache_and_the_writers_leftovers(tmp_path, run_cli):
    from site_builder.writer import OLD_PREFIX, TEMP_PREFIX

    project = tmp_path / "p"
    run_cli(["init", project, "--host", "gitlab-pages"])
    subprocess.run(["git", "-C", project, "add", "-A"], check=True)
    (project / "output").mkdir()
    for name in ("output/index.html", f"{TEMP_PREFIX}output-x/a.html", f"{OLD_PREFIX}output-x/a.html",
                 ".site-builder-cache/x", "public/index.html", "~$bao-cao.docx"):
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text("x", encoding="utf-8")
    status = subprocess.run(["git", "-C", project, "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    assert [line for line in status.splitlines() if not line.startswith("A ")] == []


def test_init_makes_a_git_repository_unless_inside_one(tmp_path, run_cli):
    project = tmp_path / "p"
    code, out, _ = run_cli(["init", project])
    assert code == 0 and "and made it a git repository" in out
    assert (project / ".git").is_dir()
    inner = project / "sites" / "second"
    code, out, _ = run_cli(["init", inner])
    assert code == 0 and "git repository" not in out
    assert not (inner / ".git").exists()


# ---------------------------------------------------------------- how CI installs site-builder

def test_requirements_pin_what_the_user_gives(tmp_path, run_cli):
    spec = "site-builder @ git+https://git.example.vn/so-noi-vu/site-builder@v0.1.0"
    project = tmp_path / "p"
    code, out, _ = run_cli(["init", project, "--no-git", "--install", spec])
    assert code == 0 and "Edit requirements.txt" not in out
    assert (project / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == spec
    config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    repo = config["repos"][0]
    assert (repo["repo"], repo["rev"]) == ("https://git.example.vn/so-noi-vu/site-builder", "v0.1.0")
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert "https://git.example.vn/so-noi-vu/site-builder" in readme and "Trước khi dùng" not in readme


def test_without_a_known_source_the_placeholder_is_pointed_out(tmp_path, run_cli, monkeypatch):
    monkeypatch.setattr(starter, "installed_requirement", lambda: None)
    project = tmp_path / "p"
    code, out, _ = run_cli(["init", project, "--no-git"])
    assert "Edit requirements.txt (and repo: in .pre-commit-config.yaml)" in out
    assert starter.PLACEHOLDER_REPOSITORY in (project / "requirements.txt").read_text(encoding="utf-8")
    assert "Trước khi dùng" in (project / "README.md").read_text(encoding="utf-8")


def test_the_pre_commit_hooks_are_those_of_the_projects_hooks_file():
    hooks = starter.project_hooks()
    assert hooks is not None, "the checkout's .pre-commit-hooks.yaml is missing or unreadable"
    assert [hook["id"] for hook in hooks] == list(starter.DEFAULT_HOOK_IDS)
    remote = yaml.safe_load(starter.pre_commit_config("site-builder @ git+https://x.example/sb@v1.2.3", hooks))
    assert remote["repos"] == [{"repo": "https://x.example/sb", "rev": "v1.2.3",
                                "hooks": [{"id": hook["id"]} for hook in hooks]}]
    local = yaml.safe_load(starter.pre_commit_config("site-builder @ file:///tmp/site_builder.whl", hooks))
    assert local["repos"][0]["repo"] == "local"
    for written, declared in zip(local["repos"][0]["hooks"], hooks):
        assert written == {**{k: v for k, v in declared.items() if k != "description"}, "language": "system"}


@pytest.mark.parametrize("text, source", [
    ("site-builder @ git+https://github.com/org/site-builder@v0.1.0", ("https://github.com/org/site-builder", "v0.1.0")),
    ("site-builder @ git+https://github.com/org/site-builder.git@v2", ("https://github.com/org/site-builder.git", "v2")),
    ("site-builder @ https://example.org/site_builder-0.1.0-py3-none-any.whl", None),
    ("/work/main", None),
])
def test_git_source(text, source):
    assert starter.git_source(text) == source


def test_the_starter_is_the_same_whatever_the_day_but_today():
    a = starter.starter_files(starter.StarterOptions(today=dt.date(2025, 1, 2)), load_default_vocabularies(), None)
    b = starter.starter_files(starter.StarterOptions(today=dt.date(2025, 1, 2)), load_default_vocabularies(), None)
    assert a == b
    assert all("@@" not in text for text in a.values())


def test_a_folder_that_cannot_be_written_is_a_usage_error(tmp_path, run_cli):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "site").write_text("a file where a folder must go", encoding="utf-8")
    code, out, err = run_cli(["init", locked / "site" / "sub", "--no-git"])
    assert code == 2 and out == ""
    assert err.startswith(f"site-builder: init: cannot write {locked / 'site' / 'sub'}/")

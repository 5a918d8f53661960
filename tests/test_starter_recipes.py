"""The CI recipes ``init`` writes, run for real: each is valid YAML (or TOML) of the right shape,
and its shell steps, executed in order in a fresh project with a git history (the publishing step
skipped), succeed: install site-builder, check, build.

site-builder is installed the way CI installs it, from ``requirements.txt``, which here names a
wheel built from this checkout (CI names a git tag); the virtual environment sees the packages
already installed on this machine, so the steps need no network beyond the package registry
(for the wheel's build backend). The wheel is also installed up front, so that ``init`` can be run
from it. The recipes are also shown verbatim in ``docs/deploy.md``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from site_builder import starter
from test_deploy_subpath import BASE_URL as SUBPATH_BASE_URL
from test_deploy_subpath import crawl_served

REPO = Path(starter.__file__).resolve().parent.parent
GITHUB_EVENTS = {"pull_request", "push", "schedule", "workflow_dispatch"}
WORKFLOW_KEYS = {"name", "on", "permissions", "concurrency", "env", "jobs"}
JOB_KEYS = {"runs-on", "needs", "if", "permissions", "environment", "env", "steps", "concurrency", "timeout-minutes"}
STEP_KEYS = {"name", "id", "if", "uses", "with", "run", "env", "shell", "working-directory"}
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}")
CONTEXTS = ("github.", "env.", "steps.", "secrets.", "vars.", "runner.", "hashFiles(", "format(")


# ---------------------------------------------------------------- an environment like a CI runner's

@pytest.fixture(scope="session")
def ci_env(tmp_path_factory):
    """A virtual environment (on top of this machine's packages) and a wheel of this checkout."""
    root = tmp_path_factory.mktemp("ci")
    source = root / "site-builder"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "output", "output.*", ".site-builder-*", "build", "dist", "*.egg-info", "__pycache__",
        ".pytest_cache", ".hypothesis", ".benchmarks", "tests", "bench", "content"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", root / "wheels", source],
                   check=True, capture_output=True)
    wheel = next((root / "wheels").glob("site_builder-*.whl"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", venv], check=True)
    subprocess.run([venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-deps", wheel], check=True)
    return {"wheel": wheel, "bin": venv / "bin", "pre_commit_home": root / "pre-commit"}


def make_project(tmp_path: Path, ci_env, host: str, run_cli) -> Path:
    """``init`` for ``host``, CI installing this checkout's wheel, committed in two commits."""
    project = tmp_path / host
    code, _, err = run_cli(["init", project, "--host", host, "--install", f"site-builder @ {ci_env['wheel'].as_uri()}"])
    assert code == 0, err
    git = ["git", "-C", str(project), "-c", "user.name=Biên tập", "-c", "user.email=bientap@example.org"]
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "Khởi tạo trang"], check=True)
    example = next((project / "content/models").glob("*.md"))
    example.write_text(example.read_text(encoding="utf-8").replace("status: draft", "status: published"),
                       encoding="utf-8")
    subprocess.run(git + ["commit", "-q", "-am", "Công bố hồ sơ ví dụ"], check=True)
    return project


def run_steps(project: Path, ci_env, steps: list[tuple[str, str, dict]], extra_env: dict | None = None) -> list[str]:
    """Run ``(name, script, env)`` steps in order with bash -eo pipefail, as CI runners do; returns their names."""
    base = {**os.environ, "PATH": f"{ci_env['bin']}{os.pathsep}{os.environ['PATH']}", "CI": "true",
            "VIRTUAL_ENV": str(ci_env["bin"].parent), "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PRE_COMMIT_HOME": str(ci_env["pre_commit_home"]), **(extra_env or {})}
    base.pop("PYTHONPATH", None)
    for name, script, env in steps:
        result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=project,
                                env={**base, **env}, capture_output=True, text=True)
        assert result.returncode == 0, f"step {name!r} failed:\n{script}\n{result.stdout}\n{result.stderr}"
    return [name for name, _, _ in steps]


def _expressions(value: str, known: dict[str, str] | None = None) -> str:
    """``${{ expression }}``s as a local run sees them: the value given in ``known`` (e.g. the
    address a Pages step would output), else empty (no Pages address, no secrets)."""
    return EXPRESSION.sub(lambda found: (known or {}).get(found.group(1).strip(), ""), value)


# ---------------------------------------------------------------- GitHub Actions

def load_workflow(text: str) -> dict:
    workflow = yaml.safe_load(text)
    if True in workflow:  # YAML 1.1 reads the key `on` as a boolean
        workflow["on"] = workflow.pop(True)
    return workflow


def workflow_problems(workflow: dict) -> list[str]:
    """What GitHub would reject or what would silently not work: unknown keys, a step with both or
    neither of uses/run, an unpinned action, needs or step references to nothing, odd expressions."""
    problems = [f"workflow key {k}" for k in set(workflow) - WORKFLOW_KEYS]
    problems += [f"event {e}" for e in set(workflow["on"]) - GITHUB_EVENTS]
    for job_id, job in workflow["jobs"].items():
        problems += [f"{job_id}: key {k}" for k in set(job) - JOB_KEYS]
        needs = job.get("needs", [])
        problems += [f"{job_id}: needs {n}" for n in ([needs] if isinstance(needs, str) else needs)
                     if n not in workflow["jobs"]]
        for number, step in enumerate(job["steps"]):
            where = f"{job_id}.steps[{number}]"
            problems += [f"{where}: key {k}" for k in set(step) - STEP_KEYS]
            if ("uses" in step) == ("run" in step):
                problems.append(f"{where}: needs exactly one of uses and run")
            if "uses" in step and not re.fullmatch(r"[\w-]+/[\w-]+@v\d+", step["uses"]):
                problems.append(f"{where}: {step['uses']} is not pinned to a major version")
    text = yaml.safe_dump(workflow)
    for expression in EXPRESSION.findall(text):
        names = re.findall(r"[a-zA-Z_][\w.-]*\(?", re.sub(r"'[^']*'", "''", expression))  # not in strings
        unknown = [n for n in names if "." in n or n.endswith("(")]
        problems += [f"expression {expression.strip()!r}: {n}" for n in unknown if not n.startswith(CONTEXTS)]
        for step_ref in re.findall(r"steps\.([\w-]+)\.", expression):
            if not any(step_ref == s.get("id") for job in workflow["jobs"].values() for s in job["steps"]):
                problems.append(f"expression {expression.strip()!r}: no step {step_ref}")
    return problems


def github_steps(workflow: dict, known: dict[str, str] | None = None) -> list[tuple[str, str, dict]]:
    """The ``run:`` steps of every job, jobs in the order of ``needs``, without the publishing step;
    ``known``: values of expressions (the others are empty)."""
    order, jobs = [], dict(workflow["jobs"])
    while jobs:
        ready = [j for j, job in jobs.items() if all(n in order for n in
                                                     ([job["needs"]] if isinstance(job.get("needs"), str)
                                                      else job.get("needs", [])))]
        order += ready
        for j in ready:
            del jobs[j]
    steps = []
    for job_id in order:
        job = workflow["jobs"][job_id]
        job_env = {k: _expressions(str(v), known) for k, v in job.get("env", {}).items()}
        for step in job["steps"]:
            if "run" in step and step.get("id") != "publish":
                env = {**job_env, **{k: _expressions(str(v), known) for k, v in step.get("env", {}).items()}}
                steps.append((f"{job_id}: {step.get('name', step['run'])}", _expressions(step["run"], known), env))
    return steps


@pytest.mark.parametrize("template", ["github-pages.yml", "github-s3.yml", "github-hook.yml"])
def test_github_workflows_are_valid_and_complete(template):
    workflow = load_workflow(starter._template(template))
    assert workflow_problems(workflow) == []
    triggers = workflow["on"]
    assert {"pull_request", "schedule"} <= set(triggers)
    assert triggers["schedule"] == [{"cron": "5 17 * * *"}]
    uses = [step for job in workflow["jobs"].values() for step in job["steps"]]
    checkouts = [step for step in uses if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(step["with"]["fetch-depth"] == 0 for step in checkouts)
    runs = [step.get("run", "") for step in uses]
    if template != "github-hook.yml" or "check" in workflow["jobs"]:
        assert "site-builder check --format github" in runs
        assert any(run.startswith("site-builder build") for run in runs)
    publishing = [step for step in uses if step.get("id") == "publish"]
    assert len(publishing) == 1


def test_the_pages_workflow_publishes_only_the_default_branch_with_the_cache_kept():
    workflow = load_workflow(starter._template("github-pages.yml"))
    build, publish = workflow["jobs"]["build"], workflow["jobs"]["publish"]
    condition = "github.event_name == 'schedule' || (github.event_name != 'pull_request' && " \
                "github.ref == format('refs/heads/{0}', github.event.repository.default_branch))"
    assert publish["if"] == condition and build["env"]["PUBLISH"] == "${{ " + condition + " }}"
    assert publish["needs"] == "build" and publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["permissions"] == {"contents": "read"}
    cache = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".site-builder-cache"
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "output" and upload["if"] == "env.PUBLISH == 'true'"


def test_the_workflow_checker_can_fail():
    bad = load_workflow("on: {push: {}, pushh: {}}\njobs:\n  a:\n    runs-on: x\n    needs: b\n    steps:\n"
                        "      - uses: actions/checkout@main\n      - run: x\n        uses: y@v1\n"
                        "      - run: echo ${{ step.x.outputs.y }} ${{ steps.nope.outputs.z }}\n")
    assert sorted(workflow_problems(bad)) == sorted([
        "event pushh", "a: needs b", "a.steps[0]: actions/checkout@main is not pinned to a major version",
        "a.steps[1]: needs exactly one of uses and run", "a.steps[1]: y@v1 is not pinned to a major version",
        "expression 'step.x.outputs.y': step.x.outputs.y", "expression 'steps.nope.outputs.z': no step nope"])


@pytest.mark.parametrize("host, workflow_file", [("github-pages", ".github/workflows/publish.yml"),
                                                 ("s3", ".github/workflows/publish.yml"),
                                                 ("netlify", ".github/workflows/check.yml")])
def test_github_workflow_steps_run_locally(tmp_path, ci_env, run_cli, host, workflow_file):
    project = make_project(tmp_path, ci_env, host, run_cli)
    steps = github_steps(load_workflow((project / workflow_file).read_text(encoding="utf-8")))
    summary = tmp_path / "summary.md"
    names = run_steps(project, ci_env, steps, {"GITHUB_WORKSPACE": str(project), "GITHUB_ACTIONS": "true",
                                               "GITHUB_STEP_SUMMARY": str(summary)})
    assert [n.split(": ", 1)[1] for n in names][:3] == ["Install site-builder", "Check the content", "Build"]
    page = (project / "output/models/vi-du-mo-hinh-cach-lam-hay/index.html").read_text(encoding="utf-8")
    assert "Ví dụ: mô hình, cách làm hay" in page
    assert subprocess.run(["git", "-C", project, "status", "--porcelain"], capture_output=True, text=True,
                          check=True).stdout == ""  # the build leaves the checkout clean (.gitignore)


def test_the_pages_workflow_builds_for_the_address_pages_gives_and_the_sub_path_works(tmp_path, ci_env, run_cli):
    """On the default branch, actions/configure-pages outputs the project site's address (without a
    trailing slash); the Build step passes it to --base-url, and the built site, served under that
    sub-path, has no broken link, asset, feed entry, sitemap entry or search index address."""
    project = make_project(tmp_path, ci_env, "github-pages", run_cli)
    workflow = load_workflow((project / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    pages_address = {"steps.pages.outputs.base_url": SUBPATH_BASE_URL.rstrip("/")}
    run_steps(project, ci_env, github_steps(workflow, pages_address),
              {"GITHUB_WORKSPACE": str(project), "GITHUB_ACTIONS": "true",
               "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")})
    output = project / "output"
    home = (output / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SUBPATH_BASE_URL}">' in home
    assert 'href="/minh-bach/models/vi-du-mo-hinh-cach-lam-hay/"' in home
    counts, broken = crawl_served(output)
    assert broken == []
    assert counts["files"] > sum(1 for _ in output.rglob("*.html")), counts


# ---------------------------------------------------------------- GitLab, Netlify, Cloudflare Pages

def test_gitlab_pipeline_runs_locally(tmp_path, ci_env, run_cli):
    project = make_project(tmp_path, ci_env, "gitlab-pages", run_cli)
    pipeline = yaml.safe_load((project / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert pipeline["variables"]["GIT_DEPTH"] == "0"
    assert ".site-builder-cache/" in pipeline["cache"]["paths"]
    assert pipeline["pages"]["artifacts"]["paths"] == ["public"] and pipeline["pages"]["stage"] == "deploy"
    env = {"CI_PROJECT_DIR": str(project)}
    env.update({k: v.replace("$CI_PROJECT_DIR", str(project)) for k, v in pipeline["variables"].items()})
    steps = []
    for job in ("check", "pages"):  # stage test, then deploy
        for line in pipeline["default"]["before_script"] + pipeline[job]["script"]:
            steps.append((f"{job}: {line}", line, env))
    run_steps(project, ci_env, steps)
    assert (project / "public/models/vi-du-mo-hinh-cach-lam-hay/index.html").is_file()
    run_steps(project, ci_env, [("pages with its address", pipeline["pages"]["script"][-1],
                                 {**env, "CI_PAGES_URL": "https://so-noi-vu.gitlab.io/minh-bach"})])
    assert 'href="/minh-bach/models/"' in (project / "public/index.html").read_text(encoding="utf-8")


def test_netlify_build_runs_locally(tmp_path, ci_env, run_cli):
    project = make_project(tmp_path, ci_env, "netlify", run_cli)
    settings = tomllib.loads((project / "netlify.toml").read_text(encoding="utf-8"))
    assert settings["build"]["publish"] == "output"
    assert settings["build"]["environment"]["PYTHON_VERSION"] == "3.12"
    run_steps(project, ci_env, [("netlify", settings["build"]["command"], {"URL": "https://minh-bach.netlify.app"})])
    home = (project / "output/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://minh-bach.netlify.app/">' in home


def test_cloudflare_pages_build_runs_locally(tmp_path, ci_env, run_cli):
    project = make_project(tmp_path, ci_env, "cloudflare-pages", run_cli)
    readme = (project / "README.md").read_text(encoding="utf-8")
    command = re.search(r"^- Build command: `(.+)`$", readme, re.M).group(1)
    assert re.search(r"^- Build output directory: `output`$", readme, re.M)
    run_steps(project, ci_env, [("cloudflare", command, {})])
    assert (project / "output/index.html").is_file()


def test_python_version_is_the_same_in_every_recipe():
    versions = set()
    for name in ("github-pages.yml", "github-s3.yml", "github-hook.yml", "gitlab-pages.yml", "netlify.toml",
                 "deploy-cloudflare-pages.md"):
        versions.update(re.findall(r"(?:python-version: |PYTHON_VERSION` = `|PYTHON_VERSION = |python:)\"?(3\.\d+)",
                                   starter._template(name)))
    assert versions == {"3.12"}


# ---------------------------------------------------------------- pre-commit

@pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed")
def test_the_pre_commit_hooks_pass_on_the_new_project_and_refuse_personal_data(tmp_path, ci_env, run_cli):
    project = make_project(tmp_path, ci_env, "github-pages", run_cli)
    run_steps(project, ci_env, [("pre-commit", "pre-commit run --all-files", {})])
    record = next((project / "content/commendations").glob("*.md"))
    record.write_text(record.read_text(encoding="utf-8").replace("---\n\n", "---\n\nSố CCCD 001088012345.\n", 1),
                      encoding="utf-8")
    subprocess.run(["git", "-C", project, "add", "-A"], check=True)
    with pytest.raises(AssertionError, match=r"(?s)site-builder-privacy.*looks like an ID card number"):
        run_steps(project, ci_env, [("pre-commit", "pre-commit run --all-files", {})])


def test_docs_show_every_recipe_as_init_writes_it():
    """docs/deploy.md quotes the recipes; when one changes, copy it there again."""
    docs = (REPO / "docs" / "deploy.md").read_text(encoding="utf-8")
    for name in ("github-pages.yml", "github-s3.yml", "github-hook.yml", "gitlab-pages.yml", "netlify.toml"):
        assert starter._template(name) in docs, f"docs/deploy.md does not show site_builder/starter/{name} as it is"
    for line in starter._template("deploy-cloudflare-pages.md").splitlines():
        if line.startswith("- "):
            assert line in docs


@pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is not installed")
def test_the_pre_commit_config_from_git_is_valid(tmp_path, run_cli):
    project = tmp_path / "p"
    assert run_cli(["init", project, "--no-git", "--install",
                    "site-builder @ git+https://github.com/so-noi-vu/site-builder@v0.1.0"])[0] == 0
    result = subprocess.run(["pre-commit", "validate-config", ".pre-commit-config.yaml"], cwd=project,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_init_works_from_the_installed_wheel(tmp_path, ci_env):
    """The recipes and templates ship in the wheel (package data), and without the checkout's
    .pre-commit-hooks.yaml the hooks are named by their ids."""
    project = tmp_path / "from-wheel"
    result = subprocess.run([ci_env["bin"] / "site-builder", "init", project, "--no-git"], capture_output=True,
                            text=True, env={**os.environ, "PATH": f"{ci_env['bin']}{os.pathsep}{os.environ['PATH']}"})
    assert result.returncode == 0, result.stderr
    assert (project / ".github/workflows/publish.yml").read_text(encoding="utf-8") == \
        starter._template("github-pages.yml")
    hooks = yaml.safe_load((project / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"]
    assert [hook["id"] for hook in hooks] == list(starter.DEFAULT_HOOK_IDS)
    check = subprocess.run([ci_env["bin"] / "site-builder", "check", project], capture_output=True, text=True)
    assert (check.returncode, check.stdout) == (0, "No problems found.\n")

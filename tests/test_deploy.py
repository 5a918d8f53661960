"""``site-builder deploy s3://...``: uploads only what changed, with the right headers, in a safe order.

Offline: a recorded fake of the AWS CLI for the planning and the commands; and, when moto and the
AWS CLI are installed, the real ``aws`` against an S3 server of moto on 127.0.0.1.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIXTURES, build_fixture, tree
from site_builder import hosting
from site_builder.deploy import Target, deploy, parse_target
from site_builder.errors import SiteBuilderError, UsageError


class FakeAws:
    """Just enough of ``aws s3 cp``/``aws s3api delete-objects`` over a dict, recording every call."""

    def __init__(self, objects: dict[str, dict] | None = None):
        self.objects = objects or {}   # key -> {"body", "type", "cache"}
        self.calls: list[list[str]] = []

    def __call__(self, argv):
        argv = list(argv)
        self.calls.append(argv)
        assert argv[0] == "aws"
        if argv[1:3] == ["s3", "cp"] and argv[4] == "-":         # download to stdout
            key = argv[3].split("/", 3)[3]
            if key not in self.objects:
                return subprocess.CompletedProcess(argv, 1, b"", b"fatal error: An error occurred (404) when "
                                                   b"calling the HeadObject operation: Key does not exist")
            return subprocess.CompletedProcess(argv, 0, self.objects[key]["body"], b"")
        if argv[1:3] == ["s3", "cp"]:
            source, dest = Path(argv[3]), argv[4]
            prefix = dest.split("/", 3)[3] if dest.count("/") >= 3 else ""
            headers = {"type": argv[argv.index("--content-type") + 1], "cache": argv[argv.index("--cache-control") + 1]}
            files = sorted(p for p in source.rglob("*") if p.is_file()) if "--recursive" in argv else [source]
            for path in files:
                key = prefix + path.relative_to(source).as_posix() if "--recursive" in argv else prefix
                self.objects[key] = {"body": path.read_bytes(), **headers}
            return subprocess.CompletedProcess(argv, 0, b"", b"")
        if argv[1:3] == ["s3api", "delete-objects"]:
            batch = json.loads(Path(argv[argv.index("--delete") + 1].removeprefix("file://")).read_text())
            for item in batch["Objects"]:
                self.objects.pop(item["Key"], None)
            return subprocess.CompletedProcess(argv, 0, b"", b"")
        raise AssertionError(f"unexpected aws call {argv}")

    def site(self, prefix: str = "") -> dict[str, bytes]:
        return {k[len(prefix):]: v["body"] for k, v in self.objects.items()
                if k.startswith(prefix) and not k.endswith(hosting.MANIFEST_NAME)}


@pytest.fixture(scope="module")
def project_and_output(tmp_path_factory):
    root = tmp_path_factory.mktemp("deploy")
    shutil.copytree(FIXTURES / "each-kind", root / "project")
    return root / "project", build_fixture(root / "project", root / "output")


def quiet(_message):
    pass


def edited_copy(project: Path, target: Path) -> Path:
    """A copy of ``project`` with one record changed and another deleted."""
    shutil.copytree(project, target)
    record = target / "content/models/dong-anh-5-ro.md"
    record.write_text(record.read_text(encoding="utf-8").replace("hằng tháng", "mỗi tuần"), encoding="utf-8")
    (target / "content/inspections/tt-tai-chinh-2025.md").unlink()
    return target


def test_parse_target():
    assert parse_target("s3://minh-bach") == Target("minh-bach", "")
    assert parse_target("s3://minh-bach/") == Target("minh-bach", "")
    assert parse_target("s3://minh-bach/site/v1") == Target("minh-bach", "site/v1/")
    for bad in ("minh-bach", "s3://", "https://x/y", "s3://b/a/../c"):
        with pytest.raises(UsageError):
            parse_target(bad)


def test_first_deploy_uploads_everything_with_headers_and_a_manifest(project_and_output):
    _, output = project_and_output
    aws = FakeAws()
    plan = deploy(output, Target("b", "site/"), run=aws, say=quiet)
    local = {k: v for k, v in tree(output).items() if k not in hosting.HOST_CONFIG_FILES}
    assert aws.site("site/") == local and plan.unchanged == 0
    assert "_headers" in tree(output) and "site/_headers" not in aws.objects
    assert aws.objects["site/index.html"]["type"] == "text/html; charset=utf-8"
    assert aws.objects["site/index.html"]["cache"] == hosting.REVALIDATE
    css = next(k for k in aws.objects if k.startswith("site/static/style."))
    assert aws.objects[css]["cache"] == hosting.IMMUTABLE and aws.objects[css]["type"].startswith("text/css")
    assert aws.objects["site/feed.xml"]["type"] == "application/atom+xml; charset=utf-8"
    manifest = hosting.read_manifest(aws.objects["site/" + hosting.MANIFEST_NAME]["body"])
    assert set(manifest) == set(local)
    uploads = [call for call in aws.calls if call[1:3] == ["s3", "cp"] and "--recursive" in call]
    caches = [call[call.index("--cache-control") + 1] for call in uploads]
    types = [call[call.index("--content-type") + 1] for call in uploads]
    assert caches[0] == hosting.IMMUTABLE and types[-1] == "text/html; charset=utf-8"  # assets first, pages last


def test_an_unchanged_site_uploads_nothing(project_and_output):
    _, output = project_and_output
    aws = FakeAws()
    deploy(output, Target("b", ""), run=aws, say=quiet)
    aws.calls.clear()
    messages = []
    plan = deploy(output, Target("b", ""), run=aws, say=messages.append)
    assert not plan.changed
    assert [call[1:3] for call in aws.calls] == [["s3", "cp"]]  # only the manifest was read
    assert messages[0].startswith("Uploading 0 changed file(s) (0.0 MB) to s3://b/, 0 to delete, ")


def test_a_changed_record_uploads_its_files_and_a_removed_one_is_deleted(project_and_output, tmp_path):
    project, output = project_and_output
    aws = FakeAws({"other-app/keep.txt": {"body": b"not ours", "type": "text/plain", "cache": ""}})
    deploy(output, Target("b", ""), run=aws, say=quiet)
    second = build_fixture(edited_copy(project, tmp_path / "project"), tmp_path / "output")
    aws.calls.clear()
    plan = deploy(second, Target("b", ""), run=aws, say=quiet)
    before, after = tree(output), tree(second)
    assert {u.path for u in plan.uploads} == {p for p in after if before.get(p) != after[p]} - {"_headers"}
    assert "models/dong-anh-5-ro/index.html" in {u.path for u in plan.uploads}
    assert "inspections/tt-tai-chinh-2025/index.html" in plan.deletes
    assert aws.site() == {**{k: v for k, v in after.items() if k not in hosting.HOST_CONFIG_FILES},
                          "other-app/keep.txt": b"not ours"}
    assert [call[1:3] for call in aws.calls[-2:]] == [["s3api", "delete-objects"], ["s3", "cp"]]
    assert aws.calls[-1][4] == "s3://b/" + hosting.MANIFEST_NAME  # the manifest last


def test_dry_run_changes_nothing_and_lists_the_plan(project_and_output):
    _, output = project_and_output
    aws = FakeAws()
    messages = []
    plan = deploy(output, Target("b", ""), run=aws, dry_run=True, say=messages.append)
    assert aws.objects == {} and len(aws.calls) == 1
    assert messages[0].startswith(f"Would upload {len(plan.uploads)} changed file(s)")
    assert messages[0].endswith("(no manifest in the bucket: uploading everything).")
    assert "  upload index.html  [text/html; charset=utf-8; public, max-age=0, must-revalidate]" in messages


def test_a_bucket_that_cannot_be_read_stops_the_deploy(project_and_output):
    _, output = project_and_output

    def denied(argv):
        return subprocess.CompletedProcess(argv, 1, b"", b"fatal error: An error occurred (403) when calling the "
                                           b"HeadObject operation: Forbidden")
    with pytest.raises(SiteBuilderError, match=r"could not read s3://b/\.site-builder-manifest\.json: .*Forbidden "
                                               r"\(check the bucket name, the credentials and AWS_ENDPOINT_URL\)"):
        deploy(output, Target("b", ""), run=denied, say=quiet)


def test_deploy_needs_a_built_site_and_the_aws_cli(tmp_path, run_cli, monkeypatch, project_and_output):
    code, out, err = run_cli(["deploy", "s3://b/", tmp_path])
    assert code == 2 and "holds no built site; run 'site-builder build' first" in err
    assert run_cli(["deploy", "bucket-without-scheme", tmp_path])[0] == 2
    monkeypatch.setenv("PATH", str(tmp_path))  # no aws anywhere
    _, output = project_and_output
    code, out, err = run_cli(["deploy", "s3://b/", "--out", output])
    assert code == 2 and "deploy needs the AWS CLI ('aws')" in err


# ---------------------------------------------------------------- the real AWS CLI against moto's S3

@pytest.fixture
def s3_server(monkeypatch, tmp_path):
    moto_server = pytest.importorskip("moto.server")
    if shutil.which("aws") is None:
        pytest.skip("the AWS CLI is not installed")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                        "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": str(tmp_path / "none"),
                        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"), "AWS_EC2_METADATA_DISABLED": "true",
                        }.items():
        monkeypatch.setenv(name, value)
    endpoint = f"http://{host}:{port}"
    import boto3
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket="minh-bach")
    yield endpoint, client
    server.stop()


def test_deploy_with_the_aws_cli_to_an_s3_server(project_and_output, s3_server, run_cli, tmp_path):
    endpoint, client = s3_server
    project, output = project_and_output
    code, out, err = run_cli(["deploy", "s3://minh-bach/site/", "--out", output, "--endpoint-url", endpoint])
    assert code == 0, err
    local = {k: v for k, v in tree(output).items() if k not in hosting.HOST_CONFIG_FILES}
    listed = client.list_objects_v2(Bucket="minh-bach", Prefix="site/", MaxKeys=1000)["Contents"]
    assert sorted(o["Key"] for o in listed) == sorted(["site/" + k for k in local] + ["site/" + hosting.MANIFEST_NAME])
    head = client.head_object(Bucket="minh-bach", Key="site/index.html")
    assert (head["ContentType"], head["CacheControl"]) == ("text/html; charset=utf-8", hosting.REVALIDATE)
    css = next(k for k in local if k.startswith("static/style."))
    head = client.head_object(Bucket="minh-bach", Key="site/" + css)
    assert (head["ContentType"], head["CacheControl"]) == ("text/css; charset=utf-8", hosting.IMMUTABLE)
    body = client.get_object(Bucket="minh-bach", Key="site/models/dong-anh-5-ro/index.html")["Body"].read()
    assert body == local["models/dong-anh-5-ro/index.html"]

    second = build_fixture(edited_copy(project, tmp_path / "project"), tmp_path / "output")
    code, out, err = run_cli(["deploy", "s3://minh-bach/site/", "--out", second, "--endpoint-url", endpoint])
    assert code == 0, err
    before, after = tree(output), tree(second)
    changed_files = [p for p in after if before.get(p) != after[p] and p not in hosting.HOST_CONFIG_FILES]
    removed = [p for p in before if p not in after]
    assert out.startswith(f"Uploading {len(changed_files)} changed file(s)")
    assert f", {len(removed)} to delete, {len(after) - 1 - len(changed_files)} unchanged." in out.splitlines()[0]
    keys = {o["Key"] for o in client.list_objects_v2(Bucket="minh-bach", Prefix="site/", MaxKeys=1000)["Contents"]}
    assert "site/inspections/tt-tai-chinh-2025/index.html" not in keys
    body = client.get_object(Bucket="minh-bach", Key="site/models/dong-anh-5-ro/index.html")["Body"].read()
    assert body == after["models/dong-anh-5-ro/index.html"]

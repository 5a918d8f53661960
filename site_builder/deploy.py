"""``site-builder deploy s3://bucket/prefix/``: upload the built site to an S3-compatible bucket.

Only changed files are uploaded: the SHA-256 of every output file is compared with the manifest
the previous upload left in the bucket (``.site-builder-manifest.json``), which works because two
builds of the same content are byte-identical. Each file is stored with the ``Content-Type`` and
``Cache-Control`` of :mod:`hosting`; fingerprinted assets go first and HTML pages last, so a
visitor never gets a page whose stylesheet is not there yet; files that the previous upload made
and this build no longer has (a renamed or removed record) are deleted next; the new manifest is
written last, so a deploy that fails half-way is completed by the next one.

The uploads are done by the AWS CLI (``aws``), which reads credentials, region and
``AWS_ENDPOINT_URL`` (Cloudflare R2, MinIO, DigitalOcean Spaces ...) the usual way; ``run`` is
injectable so the tests can drive a local server or record the commands.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from . import hosting
from .errors import SiteBuilderError, UsageError

DELETE_BATCH = 1000  #: the most keys one S3 DeleteObjects request takes

Runner = Callable[[Sequence[str]], subprocess.CompletedProcess]


@dataclass(frozen=True)
class Target:
    """``s3://bucket/prefix/``: the bucket and the key prefix ("" or ending in ``/``)."""

    bucket: str
    prefix: str

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"


def parse_target(text: str) -> Target:
    """``s3://bucket`` or ``s3://bucket/some/prefix`` -> Target; anything else is a usage error."""
    if not text.startswith("s3://") or not text[5:].split("/", 1)[0]:
        raise UsageError(f"deploy: {text!r} is not a bucket address; write s3://BUCKET/ or s3://BUCKET/PREFIX/")
    bucket, _, prefix = text[5:].partition("/")
    prefix = prefix.strip("/")
    if ".." in prefix.split("/"):
        raise UsageError(f"deploy: {text!r}: the prefix may not contain '..'")
    return Target(bucket, prefix + "/" if prefix else "")


def hash_output(output_dir: Path) -> dict[str, str]:
    """Output path -> SHA-256 of every file of the built site, sorted."""
    digests = {}
    for path in sorted(output_dir.rglob("*")):
        if path.is_file():
            digests[path.relative_to(output_dir).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def default_runner(argv: Sequence[str]) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(list(argv), capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("deploy needs the AWS CLI ('aws'): install it (pip install awscli, or see "
                         "https://aws.amazon.com/cli/) and give it credentials") from None


def deploy(output_dir: Path, target: Target, *, run: Runner = default_runner, dry_run: bool = False,
           delete: bool = True, full: bool = False, endpoint_url: str | None = None,
           say: Callable[[str], None] = print) -> hosting.SyncPlan:
    """Upload what changed in ``output_dir`` to ``target``; returns the plan it carried out."""
    output_dir = Path(output_dir)
    if not (output_dir / "index.html").is_file():
        raise UsageError(f"deploy: {output_dir} holds no built site; run 'site-builder build' first")
    extra = ["--endpoint-url", endpoint_url] if endpoint_url else []
    local = hash_output(output_dir)
    remote = None if full else _remote_manifest(target, run, extra)
    plan = hosting.plan_sync(local, remote, delete=delete)
    size = sum((output_dir / upload.path).stat().st_size for upload in plan.uploads)
    verb = "Would upload" if dry_run else "Uploading"
    say(f"{verb} {len(plan.uploads)} changed file(s) ({size / 1_000_000:.1f} MB) to {target.url}, "
        f"{len(plan.deletes)} to delete, {plan.unchanged} unchanged"
        + (" (no manifest in the bucket: uploading everything)" if remote is None and not full else "") + ".")
    if dry_run:
        for upload in plan.uploads:
            say(f"  upload {upload.path}  [{upload.content_type}; {upload.cache_control}]")
        for path in plan.deletes:
            say(f"  delete {path}")
        return plan
    with tempfile.TemporaryDirectory(prefix="site-builder-deploy-") as temp:
        for number, (_, ctype, cache, paths) in enumerate(hosting.upload_groups(plan)):
            stage = Path(temp) / f"group-{number}"
            for path in paths:
                _link(output_dir / path, stage / path)
            _aws(run, ["s3", "cp", str(stage), target.url, "--recursive", "--only-show-errors",
                       "--content-type", ctype, "--cache-control", cache, *extra])
        for start in range(0, len(plan.deletes), DELETE_BATCH):
            batch = Path(temp) / f"delete-{start}.json"
            keys = [{"Key": target.prefix + path} for path in plan.deletes[start:start + DELETE_BATCH]]
            batch.write_text(json.dumps({"Objects": keys, "Quiet": True}), encoding="utf-8")
            _aws(run, ["s3api", "delete-objects", "--bucket", target.bucket, "--delete", f"file://{batch}", *extra])
        if plan.changed or remote is None:  # last: an interrupted deploy is finished by the next one
            manifest = Path(temp) / hosting.MANIFEST_NAME
            manifest.write_bytes(hosting.manifest_bytes(local))
            _aws(run, ["s3", "cp", str(manifest), target.url + hosting.MANIFEST_NAME, "--only-show-errors",
                       "--content-type", "application/json", "--cache-control", "no-store", *extra])
    say(f"Deployed to {target.url}.")
    return plan


def _remote_manifest(target: Target, run: Runner, extra: list[str]) -> dict[str, str] | None:
    """The manifest of the last upload, or None when there is none (a first upload)."""
    result = run(["aws", "s3", "cp", target.url + hosting.MANIFEST_NAME, "-", "--only-show-errors", *extra])
    if result.returncode == 0:
        return hosting.read_manifest(result.stdout)
    error = _text(result.stderr)
    if "404" in error or "NoSuchKey" in error or "Not Found" in error or "does not exist" in error:
        return None
    raise SiteBuilderError(f"deploy: could not read {target.url}{hosting.MANIFEST_NAME}: {error.strip()} "
                           "(check the bucket name, the credentials and AWS_ENDPOINT_URL)")


def _aws(run: Runner, argv: list[str]) -> None:
    result = run(["aws", *argv])
    if result.returncode != 0:
        raise SiteBuilderError(f"deploy: 'aws {' '.join(argv[:2])}' failed: {_text(result.stderr).strip()} "
                               "(files uploaded so far are complete; run deploy again to finish)")


def _link(source: Path, target: Path) -> None:
    """Stage a file without copying its bytes when the file system allows a hard link."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _text(data) -> str:
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data or "")

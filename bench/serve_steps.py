"""Where the time of a partial rebuild goes, step by step, in CPU seconds (robust on a busy machine).

    python bench/serve_steps.py [N] [--corpus DIR]

Builds an N-record corpus once (default 10,000; ``--corpus`` reuses one), then for a saved record and
for a saved ``localities.yaml`` runs the steps of ``rebuild.Rebuilder`` one by one and prints the
CPU time of each: what the record page waits for (load, validate, index, render its pages: the
0.5 s target), and what the pages naming a renamed locality wait for (the 3 s target).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from site_builder import build as build_module  # noqa: E402
from site_builder import dependencies, open_data, pages, render, sources, theme, validate, vocabularies  # noqa: E402
from site_builder.site import index_records  # noqa: E402


class Steps:
    def __init__(self, project: Path) -> None:
        self.project = project
        self.config = build_module.load_project(project, environ={})
        self.memo = {"files": {}, "documents": {}, "index": {}}
        self.dependency_memo: dict = {}
        self.theme = theme.load_theme(self.config)

    def check(self, times: dict):
        cpu = time.process_time()
        loaded = sources.load_content(self.project, self.memo["files"])
        times["load (cached per file)"] = time.process_time() - cpu
        cpu = time.process_time()
        vocabs, _ = vocabularies.merge_vocabularies(vocabularies.load_default_vocabularies(), loaded.vocabularies)
        validated = validate.validate_content(loaded, vocabs, self.memo["documents"])
        times["validate (cached per document)"] = time.process_time() - cpu
        cpu = time.process_time()
        site = index_records(self.config, vocabs, validated.records, validated.entities, validated.pages,
                             self.memo["index"])
        times["index (cached per record)"] = time.process_time() - cpu
        cpu = time.process_time()
        open_data.alias_problems(site)
        times["alias check in build.check (plans every page)"] = time.process_time() - cpu
        return site

    def plan(self, site, times: dict):
        cpu = time.process_time()
        specs = pages.plan_pages(site)
        times["plan_pages (with statistics panels)"] = time.process_time() - cpu
        cpu = time.process_time()
        deps = dependencies.map_dependencies(site, specs, self.dependency_memo)
        times["map_dependencies"] = time.process_time() - cpu
        return specs, deps


def run(label: str, steps: Steps, site, specs, deps, edit) -> None:
    restore = edit()
    times: dict[str, float] = {}
    new_site = steps.check(times)
    cpu = time.process_time()
    changed = dependencies.changed_ids(site, new_site)
    environments = theme.make_environments(new_site, steps.theme)
    record_specs = [s for i in sorted(changed) if i in new_site.by_id for lang in new_site.config.languages
                    for s in pages.record_pages(new_site, new_site.by_id[i], lang)]
    render.render_pages(environments, new_site, record_specs)
    times[f"render the changed records' pages ({len(record_specs)})"] = time.process_time() - cpu
    first = sum(times.values()) - times["alias check in build.check (plans every page)"]
    new_specs, new_deps = steps.plan(new_site, times)
    cpu = time.process_time()
    todo, _ = dependencies.outputs_to_render(deps, new_deps, changed)
    times["outputs_to_render"] = time.process_time() - cpu
    cpu = time.process_time()
    render.render_pages(environments, new_site, [s for s in new_specs if s.output in todo and s not in record_specs])
    times[f"render the other affected pages ({len(todo)})"] = time.process_time() - cpu
    restore()
    print(f"\n{label}: {len(changed)} changed id(s)")
    for name, seconds in times.items():
        print(f"  {name:55s} {seconds:6.2f} s CPU")
    print(f"  {'the changed record pages, without the alias check':55s} {first:6.2f} s CPU")
    print(f"  {'every affected HTML page':55s} {sum(times.values()):6.2f} s CPU")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path)
    args = parser.parse_args()
    project = args.corpus
    if project is None:
        from corpus import write_corpus
        project = Path(tempfile.mkdtemp(prefix="serve-steps-")) / "corpus"
        write_corpus(project, args.n)
    steps = Steps(project)
    started = time.process_time()
    site = steps.check({})
    specs, deps = steps.plan(site, {})
    print(f"corpus {project}: {len(site.by_id):,} public records, {len(specs):,} pages; "
          f"first check and plan {time.process_time() - started:.1f} s CPU (not part of the figures)")

    record = next(p for p in sorted((project / "content/models").rglob("*.md"))
                  if "status:" not in p.read_text(encoding="utf-8"))

    def edit_record():
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace("\n---\n", "\n---\nMột câu mới.\n\n", 1), encoding="utf-8")
        return lambda: record.write_text(text, encoding="utf-8")

    localities = project / "content/data/localities.yaml"

    def edit_localities():
        text = localities.read_text(encoding="utf-8")
        name = re.search(r'vi: "?([^"\n]+)"?', text).group(1)
        localities.write_text(text.replace(name, name + " (tên mới)", 1), encoding="utf-8")
        return lambda: localities.write_text(text, encoding="utf-8")

    run("save one record", steps, site, specs, deps, edit_record)
    site = steps.check({})
    specs, deps = steps.plan(site, {})
    run("save localities.yaml (one locality renamed)", steps, site, specs, deps, edit_localities)
    return 0


if __name__ == "__main__":
    sys.exit(main())

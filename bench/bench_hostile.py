"""How long the worst inputs take: bodies just inside the limits of ``check``, and hostile YAML.

    python bench/bench_hostile.py

For each body: the time of ``markdown_limits.check_markdown`` (what ``check`` adds) and of
``markdown_html.to_html`` (Markdown and the sanitizer), and whether ``check`` finds an error. Then
the YAML loader on an alias bomb, deep nesting and a 2 MB file. Prints seconds, asserts nothing:
run it before and after changing a limit (``MAX_BRACKET_WORK``, ``MAX_INDENT``, ``MAX_MARKERS``,
``yaml_source.MAX_NODES``, ``MAX_DEPTH``).
"""

from __future__ import annotations

import time

from site_builder import markdown_limits
from site_builder.markdown_html import to_html
from site_builder.yaml_source import YamlProblems, parse_yaml


def _timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - started


def bodies() -> dict[str, str]:
    prose = "Ủy ban nhân dân huyện đã triển khai [quy chế](https://example.org/qc) “5 rõ” và chấm điểm. "
    return {
        "1 MB of ordinary prose with links": "\n\n".join([prose * 20] * 550),
        "unmatched '[' just inside the limit (50 in a 5.9 kB paragraph)": "[" * 50 + "x" * 5_900,
        "unmatched '[' past the limit (200 in a 100 kB paragraph)": "[" * 200 + "x" * 100_000,
        "nested brackets just inside the limit (340 deep)": "[" * 340 + "x" + "](y)" * 340,
        "lists nested 25 deep (100 columns)": "\n".join("    " * i + "- mục" for i in range(26)),
        "100 list markers on one line": "1. " * 100 + "x",
        "every classic XSS vector, 200 times": "\n\n".join(
            ["<script>alert(1)</script> <img src=x onerror=alert(2)> [a](javascript:alert(3)) "
             "<svg onload=alert(4)> <iframe src=x></iframe>"] * 200),
    }


def yaml_inputs() -> dict[str, str]:
    laughs = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))
    record = "- id: don-vi-{n}\n  name: {{vi: \"Đơn vị số {n}\", en: \"Unit {n}\"}}\n  kind: other\n"
    return {
        "billion laughs (10^9 values)": laughs,
        "lists nested 100,000 deep": "x: " + "[" * 100_000 + "]" * 100_000,
        "2 MB data file (18,000 entries)": "".join(record.format(n=n) for n in range(18_000)),
    }


def main() -> None:
    print(f"{'body':68} {'check':>8} {'render':>8}  check says")
    for name, body in bodies().items():
        findings, check_seconds = _timed(markdown_limits.check_markdown, body)
        errors = [message for _, message, _, severity in findings if severity == "error"]
        _, render_seconds = _timed(to_html, body) if not errors else (None, float("nan"))
        print(f"{name:68} {check_seconds:8.3f} {render_seconds:8.3f}  {errors[0][:40] if errors else 'ok'}")
    print()
    print(f"{'YAML':68} {'parse':>8}  result")
    for name, text in yaml_inputs().items():
        started = time.perf_counter()
        try:
            parse_yaml(text, "bench.yaml")
            outcome = "ok"
        except YamlProblems as exc:
            outcome = exc.problems[0].message[:50]
        print(f"{name:68} {time.perf_counter() - started:8.3f}  {outcome}")


if __name__ == "__main__":
    main()

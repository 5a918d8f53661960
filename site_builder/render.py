"""Rendering page specs through the theme: bytes out, template errors as Problems."""

from __future__ import annotations

import traceback

import jinja2

from .collisions import page_collisions
from .errors import Problem, SourceLocation
from .pages import PageSpec


def render_pages(environments: dict[str, jinja2.Environment], site, specs: list[PageSpec]):
    """``({output path: bytes}, problems)``; a broken template is reported once, at its file and line,
    and two pages with the same output path are an error (:mod:`collisions`)."""
    rendered: dict[str, bytes] = {}
    problems: dict[tuple, Problem] = {}
    for spec in specs:
        env = environments[spec.lang]
        try:
            html = env.get_template(spec.template).render(site=site, page=spec)
        except jinja2.TemplateSyntaxError as exc:
            location = SourceLocation(_relative(exc.filename or exc.name or spec.template), exc.lineno or 0)
            problems.setdefault((location, exc.message), Problem(location, "template", f"syntax error: {exc.message}",
                                                                 "fix the template"))
            continue
        except Exception as exc:  # noqa: BLE001 - any template failure must become a problem, not a traceback
            location = _template_location(exc, spec.template)
            message = f"{type(exc).__name__}: {exc}"
            hint = "add the template to the theme's templates/ folder" if isinstance(exc, jinja2.TemplateNotFound) \
                else "a variable or value the template uses is missing; fix the template"
            problems.setdefault((location, message), Problem(
                location, "template", f"{message} (while rendering {spec.output})", hint))
            continue
        rendered[spec.output] = html.encode("utf-8")
    return rendered, list(problems.values()) + page_collisions(specs)


def _template_location(exc: BaseException, template: str) -> SourceLocation:
    """The innermost template frame of the traceback (Jinja maps frames to template lines)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt", ".j2")):
            return SourceLocation(_relative(frame.filename), frame.lineno or 0)
    return SourceLocation(template)


def _relative(path: str) -> str:
    marker = "/themes/"
    return "themes/" + path.split(marker, 1)[1] if marker in path else path

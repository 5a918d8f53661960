"""Which /statistics/ pages exist: a pure plan of :class:`PageSpec` values, one per page and language.

The index (``statistics.html``), one page per topic (``statistics_topic.html``) and one per series
(``statistics_series.html``). Their charts' CSV and JSON files come from ``chart_files``.
"""

from __future__ import annotations

from . import urls
from .pages import PageSpec
from .present import pick
from .site import Site
from .statistics import Statistics


def template_for(slug: str) -> str:
    if not slug:
        return "statistics.html"
    return "statistics_series.html" if slug.startswith("series/") else "statistics_topic.html"


def plan_statistics_pages(site: Site, stats: Statistics) -> list[PageSpec]:
    """Every statistics page in every language of the site, in a stable order."""
    return [PageSpec(lang, page.path, template_for(page.slug), pick(page.title, lang)[0],
                     {"stat": page, "statistics": stats}, urls.output_file(site.config, lang, page.path))
            for lang in site.config.languages for page in stats.pages]

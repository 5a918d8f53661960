"""Statistics of a site, computed once: the /statistics/ pages, the panels of unit, locality and
document pages, and the home page's headline figures.

:func:`compute_statistics` is the recipe: gather the observations (reported figures), build the
topic pages (``overviews``), one page per series and the entity panels (``panels``), then the
index. Pure: Site in, :class:`Statistics` out; the producers in ``build`` render and write it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .errors import Problem
from .figures import KeyFigure, Observation, Panel, StatPage, T, gather_observations
from .overviews import TOPICS
from .panels import entity_panels, headlines, series_page
from .site import Site


@dataclass(frozen=True)
class Statistics:
    """Everything statistical about a site."""

    observations: tuple[Observation, ...]
    pages: tuple[StatPage, ...]                # the index first, then the topics, then one page per series
    panels: Mapping[str, Panel]                # entity id -> panel (only entities with something to show)
    headlines: tuple[KeyFigure, ...]
    problems: tuple[Problem, ...] = ()         # warnings about figures that cannot be placed or compared

    def page(self, slug: str) -> StatPage:
        return next(p for p in self.pages if p.slug == slug)


def site_statistics(site: Site) -> Statistics:
    """:func:`compute_statistics` of ``site``, computed once per site (the plan and the producers share it)."""
    return site.derive("statistics", compute_statistics)


def compute_statistics(site: Site) -> Statistics:
    """All statistics of ``site``: pure, deterministic, language-neutral."""
    observations, problems = gather_observations(site)
    topics = [topic(site, observations) for topic in TOPICS]
    series = [series_page(site, entity, observations) for entity in site.entities.get("series", {}).values()]
    top = headlines(site, observations)
    index = StatPage("", T("Thống kê", "Statistics"),
                     T("Các con số đằng sau hồ sơ: số liệu báo cáo như nguồn công bố, và số đếm từ các hồ sơ trên "
                       "trang này. Mỗi biểu đồ có bảng số liệu và tệp tải về.",
                       "The numbers behind the records: figures as the sources report them, and counts of the "
                       "records on this site. Every chart has a data table and downloads."),
                     figures=top, extra={"topics": tuple(topics), "series": tuple(series)})
    return Statistics(tuple(observations), (index, *topics, *series), entity_panels(site, observations), top,
                      tuple(problems))

"""memo.py: the cached gettext reads exactly like Jinja's newstyle gettext, and every memo belongs to
one environment."""

import datetime as dt
import io

import jinja2
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations

from site_builder import memo


def translations(entries: dict, plurals: dict | None = None, contexts: dict | None = None) -> Translations:
    catalog = Catalog(locale="vi")
    for msgid, string in entries.items():
        catalog.add(msgid, string)
    for (singular, plural), strings in (plurals or {}).items():
        catalog.add((singular, plural), strings)
    for (context, msgid), string in (contexts or {}).items():
        catalog.add(msgid, string, context=context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


class Counting:
    """A catalog that counts how often each message is looked up."""

    def __init__(self, inner: Translations):
        self.inner, self.calls = inner, []

    def gettext(self, message):
        self.calls.append(message)
        return self.inner.gettext(message)

    def ngettext(self, singular, plural, n):
        self.calls.append((singular, plural, n))
        return self.inner.ngettext(singular, plural, n)


CATALOG = translations(
    {"Home": "Trang chủ", "Page %(number)s of %(count)s": "Trang %(number)s / %(count)s",
     "50%% done": "Xong 50%%", "Tom & Jerry": "Tom & Jerry <b>", "Hello %(name)s": "Chào %(name)s"},
    plurals={("%(num)s record", "%(num)s records"): ("%(num)s hồ sơ",)},
    contexts={("menu", "Open"): "Mở"})

TEMPLATES = [
    '{{ _("Home") }}|{{ _("Home") }}',
    '{{ _("Page %(number)s of %(count)s", number=2, count="<9>") }}',
    '{{ _("50%% done") }}',
    '{{ _("100% sure") }}',
    '{{ _("Tom & Jerry") }}',
    '{{ _("Not in the catalog <i>") }}',
    '{{ _("Hello %(name)s", name=who) }} {{ _("Hello %(name)s", name="<script>") }}',
    '{{ gettext("Home") }}',
    '{{ ngettext("%(num)s record", "%(num)s records", 1) }} {{ ngettext("%(num)s record", "%(num)s records", 3) }}',
    '{{ pgettext("menu", "Open") }} {{ pgettext("other", "Open") }}',
    '{{ npgettext("menu", "%(num)s file", "%(num)s files", 2) }}',
    '{% trans %}Home{% endtrans %} {% trans name=who %}Hello {{ name }}{% endtrans %}',
    '{% trans count=n %}{{ count }} record{% pluralize %}{{ count }} records{% endtrans %}',
    '{% autoescape false %}{{ _("Tom & Jerry") }} {{ _("Hello %(name)s", name="<b>") }}{% endautoescape %}',
    '{% set label = _("Home") %}{{ label ~ " & more" }}',
    '{{ _("Home") is string }} {{ (_("Home") ~ "<")|length }}',
]


def jinja_environment(catalog, autoescape=True) -> jinja2.Environment:
    env = jinja2.Environment(autoescape=autoescape, extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined)
    env.install_gettext_translations(catalog, newstyle=True)
    return env


def cached_environment(catalog, autoescape=True) -> jinja2.Environment:
    env = jinja2.Environment(autoescape=autoescape, extensions=["jinja2.ext.i18n"], undefined=jinja2.StrictUndefined)
    memo.install_cached_gettext(env, catalog)
    return env


@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("source", TEMPLATES)
def test_cached_gettext_reads_exactly_like_jinjas_newstyle_gettext(source, autoescape):
    values = {"who": "<em>Lan</em>", "n": 3}
    expected = jinja_environment(CATALOG, autoescape).from_string(source).render(**values)
    cached = cached_environment(CATALOG, autoescape).from_string(source)
    assert cached.render(**values) == expected
    assert cached.render(**values) == expected  # and again, from the cache


def test_cached_gettext_returns_markup_and_escapes_variables():
    env = cached_environment(CATALOG)
    assert env.from_string('{{ _("Hello %(name)s", name=who) }}').render(who="<b>") == "Chào &lt;b&gt;"
    assert env.from_string('{{ _("Tom & Jerry") }}').render() == "Tom & Jerry <b>"  # the translation is trusted
    value = env.globals["_"](env.from_string("").new_context().eval_ctx, "Home")
    assert isinstance(value, jinja2.utils.markupsafe.Markup) and value == "Trang chủ"


def test_a_lone_percent_sign_is_an_error_as_with_jinja():
    source = '{{ _("sure: 100%") }}'
    with pytest.raises(ValueError):
        jinja_environment(CATALOG).from_string(source).render()
    with pytest.raises(ValueError):
        cached_environment(CATALOG).from_string(source).render()


def test_each_message_is_looked_up_once_per_environment():
    catalog = Counting(CATALOG)
    first, second = cached_environment(catalog), cached_environment(catalog)
    template = '{{ _("Home") }} {{ _("Home") }} {{ _("Hello %(name)s", name=1) }} {{ _("Hello %(name)s", name=2) }}'
    assert first.from_string(template).render() == "Trang chủ Trang chủ Chào 1 Chào 2"
    first.from_string(template).render()
    assert catalog.calls == ["Home", "Hello %(name)s"]
    second.from_string(template).render()  # another environment has its own cache
    assert catalog.calls == ["Home", "Hello %(name)s"] * 2


def test_each_environment_keeps_its_own_language():
    english = cached_environment(translations({}))
    vietnamese = cached_environment(CATALOG)
    template = '{{ _("Home") }}'
    assert vietnamese.from_string(template).render() == "Trang chủ"
    assert english.from_string(template).render() == "Home"
    assert vietnamese.from_string(template).render() == "Trang chủ"


def test_memoized_dates_tell_dates_datetimes_and_zones_apart():
    calls = []

    def describe(value):
        calls.append(value)
        return f"{type(value).__name__} {value.isoformat()}"

    format_date = memo.memoize_dates(describe)
    day = dt.date(2025, 1, 2)
    midnight = dt.datetime(2025, 1, 2)
    utc = dt.datetime(2025, 1, 2, 7, tzinfo=dt.timezone.utc)
    hanoi = dt.datetime(2025, 1, 2, 14, tzinfo=dt.timezone(dt.timedelta(hours=7)))  # the same instant
    assert utc == hanoi
    assert [format_date(v) for v in (day, day, midnight, utc, hanoi, hanoi)] == [
        "date 2025-01-02", "date 2025-01-02", "datetime 2025-01-02T00:00:00", "datetime 2025-01-02T07:00:00+00:00",
        "datetime 2025-01-02T14:00:00+07:00", "datetime 2025-01-02T14:00:00+07:00"]
    assert calls == [day, midnight, utc, hanoi]


def test_memoized_numbers_keep_only_integers():
    calls = []
    format_number = memo.memoize_numbers(lambda value: calls.append(value) or repr(value))
    assert [format_number(v) for v in (3, 3, 3.0, 3.0, -0.0, 0.0)] == ["3", "3", "3.0", "3.0", "-0.0", "0.0"]
    assert calls == [3, 3.0, 3.0, -0.0, 0.0]


def test_memoized_keeps_answers_and_passes_unhashable_arguments_through():
    calls = []
    remembered = memo.memoized(lambda value: calls.append(value) or len(value))
    assert [remembered("ab"), remembered("ab"), remembered(["a"]), remembered(["a"])] == [2, 2, 1, 1]
    assert calls == ["ab", ["a"], ["a"]]


def environments(project):
    from site_builder import build, theme

    config = build.load_project(project, environ={"SOURCE_DATE_EPOCH": "1750000000"})
    problems, site = build.check(config)
    assert site is not None, problems
    return site, theme.make_environments(site, theme.load_theme(config))


def test_a_card_is_rendered_once_per_language_and_reads_as_the_card_macro(fixture_site):
    site, envs = environments(fixture_site("each-kind"))
    record = next(iter(site.by_id.values()))
    for lang, env in envs.items():
        cached_card = env.globals["cached_card"]
        card = cached_card(record)
        assert cached_card(record) is card
        page = env.from_string('{% import "_macros.html" as m with context %}{{ m.card(record) }}')
        assert str(card) == page.render(site=site, record=record)
    assert str(envs["vi"].globals["cached_card"](record)) != str(envs["en"].globals["cached_card"](record))


def test_a_card_cannot_depend_on_the_page_it_is_shown_on(fixture_site):
    project = fixture_site("each-kind")
    macros = project / "themes/default/templates/_macros.html"
    macros.parent.mkdir(parents=True, exist_ok=True)
    macros.write_text('{% macro card(record) %}{{ page.path }}{% endmacro %}', encoding="utf-8")
    site, envs = environments(project)
    with pytest.raises(jinja2.UndefinedError):
        envs["vi"].globals["cached_card"](next(iter(site.by_id.values())))


def test_remembered_links_give_the_same_view_model(fixture_site):
    from site_builder import present

    site, _envs = environments(fixture_site("each-kind"))
    for lang in site.config.languages:
        ref = memo.memoized(lambda identifier, lang=lang: present.ref_node(site, identifier, lang, ref))
        for record in site.by_id.values():
            assert present.present_fields(site, record, lang, ref) == present.present_fields(site, record, lang)
        for table in site.entities.values():  # type -> id -> entity
            for entity in table.values():
                assert present.present_entity(site, entity, lang, ref) == present.present_entity(site, entity, lang)

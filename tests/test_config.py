"""config.py: site.yaml read into a SiteConfig with defaults, strict keys and a reproducible build time."""

import datetime as dt

import pytest

from site_builder.config import DEFAULT_PERMALINKS, build_time_from, load_config
from site_builder.errors import BuildFailed, UsageError

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)


def config_from(tmp_path, text, **options):
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    return load_config(tmp_path, build_time=NOW, **options)


def problems_from(tmp_path, text):
    with pytest.raises(BuildFailed) as caught:
        config_from(tmp_path, text)
    return [p.format() for p in caught.value.problems]


def test_defaults_from_a_title_only_site_yaml(tmp_path):
    config = config_from(tmp_path, 'title: "Minh bạch"\n')
    assert config.title == {"vi": "Minh bạch"}
    assert config.description == {}
    assert config.base_url == "https://example.org/"
    assert config.base_path == "/"
    assert config.languages == ("vi", "en")
    assert config.default_language == "vi"
    assert config.theme == "default"
    assert config.page_size == 20
    assert config.permalinks == DEFAULT_PERMALINKS
    assert config.project_dir == tmp_path
    assert config.content_dir == tmp_path / "content"
    assert config.output_dir == tmp_path / "output"
    assert config.build_time == NOW
    assert config.drafts is False


def test_the_minimal_fixture_reads(fixture_site):
    project = fixture_site("minimal")
    assert load_config(project, build_time=NOW).title == {"vi": "Trang tối thiểu"}


def test_unknown_keys_are_errors_with_did_you_mean(tmp_path):
    assert problems_from(tmp_path, "title: x\ntitel: y\nbase_ur: https://a.org/\nzzz_qqq: 1\n") == [
        "site.yaml:2:1: titel: unknown field (did you mean 'title'?)",
        "site.yaml:3:1: base_ur: unknown field (did you mean 'base_url'?)",
        "site.yaml:4:1: zzz_qqq: unknown field (remove it; known fields: title, description, base_url, languages, "
        "default_language, theme, page_size, publisher, licence, contact, permalinks)",
    ]


def test_title_is_required(tmp_path):
    assert problems_from(tmp_path, "") == [
        "site.yaml:1: title: is required (add 'title:', the site's name, shown in every page header)"]


def test_bad_values_name_the_line(tmp_path):
    assert problems_from(tmp_path, "title: x\nlanguages: [vi, fr]\nbase_url: example.org\n") == [
        'site.yaml:2:17: languages[1]: unknown value "fr" (expected one of: vi, en)',
        'site.yaml:3:1: base_url: expected a web address starting with https://, got "example.org" '
        '(copy the full address from the browser)',
    ]


def test_permalink_needs_the_id_placeholder(tmp_path):
    assert problems_from(tmp_path, "title: x\npermalinks: {emulation_model: models}\n") == [
        'site.yaml:2:14: permalinks.emulation_model: "models" is not in the expected form like models/{id} '
        '(check the spelling)']


def test_permalinks_override_only_what_they_name(tmp_path):
    config = config_from(tmp_path, "title: x\npermalinks: {emulation_model: 'mo-hinh/{id}'}\n")
    assert config.permalinks["emulation_model"] == "mo-hinh/{id}"
    assert config.permalinks["commendation"] == "commendations/{id}"


def test_yaml_errors_in_site_yaml_are_problems(tmp_path):
    assert problems_from(tmp_path, "title: x\ntitle: y\n") == [
        "site.yaml:2:1: title: duplicate key (already set on line 1) "
        "(keep one of the two; YAML would silently use the last)"]


def test_site_yaml_with_a_bom_and_crlf(tmp_path):
    (tmp_path / "site.yaml").write_bytes("\ufefftitle: Hà Nội\r\nbase_url: https://example.org/x\r\n".encode())
    config = load_config(tmp_path, build_time=NOW)
    assert config.title == {"vi": "Hà Nội"}
    assert config.base_url == "https://example.org/x/"


def test_missing_site_yaml_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError) as caught:
        load_config(tmp_path, build_time=NOW)
    assert caught.value.exit_code == 2
    assert "site.yaml: not found" in str(caught.value)


@pytest.mark.parametrize("base_url, base, path", [
    ("https://example.org/minh-bach/", "https://example.org/minh-bach/", "/minh-bach/"),
    ("https://example.org/minh-bach", "https://example.org/minh-bach/", "/minh-bach/"),
    ("https://example.org", "https://example.org/", "/"),
    ("https://example.github.io/a/b/", "https://example.github.io/a/b/", "/a/b/"),
])
def test_base_path(tmp_path, base_url, base, path):
    config = config_from(tmp_path, f"title: x\nbase_url: {base_url}\n")
    assert (config.base_url, config.base_path) == (base, path)


def test_base_url_option_overrides_site_yaml(tmp_path):
    config = config_from(tmp_path, "title: x\nbase_url: https://a.org/\n", base_url="https://example.org/minh-bach/")
    assert config.base_path == "/minh-bach/"


def test_a_bad_base_url_option_is_reported(tmp_path):
    with pytest.raises(BuildFailed) as caught:
        config_from(tmp_path, "title: x\n", base_url="minh-bach")
    assert [p.message for p in caught.value.problems] == [
        'expected a web address starting with https://, got "minh-bach"']


def test_default_language_goes_first(tmp_path):
    assert config_from(tmp_path, "title: x\ndefault_language: en\n").languages == ("en", "vi")
    assert config_from(tmp_path, "title: x\nlanguages: [en]\ndefault_language: vi\n").languages == ("vi", "en")
    assert config_from(tmp_path, "title: x\nlanguages: [vi]\n").languages == ("vi",)


def test_build_time_from_source_date_epoch():
    assert build_time_from({"SOURCE_DATE_EPOCH": "1750000000"}, NOW) == \
        dt.datetime(2025, 6, 15, 15, 6, 40, tzinfo=dt.timezone.utc)
    assert build_time_from({"SOURCE_DATE_EPOCH": " 0 "}, NOW) == dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def test_build_time_without_source_date_epoch_is_now():
    assert build_time_from({}, NOW) is NOW
    assert build_time_from({"SOURCE_DATE_EPOCH": ""}, NOW) is NOW


def test_a_bad_source_date_epoch_is_a_usage_error():
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH must be a whole number of seconds, got 'yesterday'"):
        build_time_from({"SOURCE_DATE_EPOCH": "yesterday"}, NOW)

"""urls.py: paths, links and output files from the permalink patterns."""

from site_builder import urls


def test_record_and_section_paths(make_config):
    config = make_config()
    assert urls.record_path(config, "emulation_model", "dong-anh-5-ro") == "models/dong-anh-5-ro/"
    assert urls.record_path(config, "commendation", "cd-1") == "commendations/cd-1/"
    assert urls.record_path(config, "inspection_result", "tt-1") == "inspections/tt-1/"
    assert urls.record_path(config, "unit", "u") == "units/u/"
    assert urls.record_path(config, "locality", "l") == "localities/l/"
    assert urls.record_path(config, "document", "d") == "documents/d/"
    assert urls.record_path(config, "theme", "t") == "themes/t/"
    assert urls.section_path(config, "emulation_model") == "models/"
    assert urls.section_path(config, "unit") == "units/"


def test_custom_patterns(make_config):
    config = make_config("title: x\npermalinks: {emulation_model: 'mo-hinh/{id}/', unit: 'co-quan/{id}'}\n")
    assert urls.record_path(config, "emulation_model", "a") == "mo-hinh/a/"
    assert urls.section_path(config, "emulation_model") == "mo-hinh/"
    assert urls.section_path(config, "unit") == "co-quan/"


def test_listing_pages():
    assert urls.listing_path("models") == "models/"
    assert urls.listing_path("models", 1) == "models/"
    assert urls.listing_path("models", 2) == "models/page/2/"
    assert urls.listing_path("years/2024", 3) == "years/2024/page/3/"


def test_languages_and_base_path(make_config):
    config = make_config("title: x\nbase_url: https://example.org/minh-bach/\n")
    assert urls.localized(config, "vi", "models/") == "models/"
    assert urls.localized(config, "en", "models/") == "en/models/"
    assert urls.url(config, "vi", "models/a/") == "/minh-bach/models/a/"
    assert urls.url(config, "en", "models/a/") == "/minh-bach/en/models/a/"
    assert urls.url(config, "vi", "") == "/minh-bach/"
    assert urls.url(config, "en", "") == "/minh-bach/en/"
    assert urls.absolute_url(config, "en", "models/a/") == "https://example.org/minh-bach/en/models/a/"


def test_english_as_default_language_lives_at_the_root(make_config):
    config = make_config("title: x\ndefault_language: en\n")
    assert urls.url(config, "en", "models/") == "/models/"
    assert urls.url(config, "vi", "models/") == "/vi/models/"


def test_output_files(make_config):
    config = make_config()
    assert urls.output_file(config, "vi", "") == "index.html"
    assert urls.output_file(config, "en", "") == "en/index.html"
    assert urls.output_file(config, "vi", "models/a/") == "models/a/index.html"
    assert urls.output_file(config, "en", "models/a/") == "en/models/a/index.html"
    assert urls.output_file(config, "vi", "404.html") == "404.html"
    assert urls.output_file(config, "en", "404.html") == "en/404.html"

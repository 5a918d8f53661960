"""theme.py and themes/default: every UI string is translated; assets are fingerprinted; Jinja is strict."""

from pathlib import Path

import jinja2
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from site_builder import theme as theme_module

THEME = Path(__file__).parents[1] / "themes" / "default"


def template_messages() -> dict[str, list[str]]:
    """msgid -> where it is used, extracted the way scripts/update_catalog.py does."""
    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(THEME / "templates"), method_map=[("**.html", "jinja2")],
            options_map={"**.html": {"extensions": "jinja2.ext.i18n"}}):
        msgid = message if isinstance(message, str) else message[0]
        found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return found


def test_every_template_message_has_a_vietnamese_translation():
    messages = template_messages()
    assert len(messages) > 20
    with (THEME / "locale" / "vi.po").open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    missing = {}
    for msgid, where in sorted(messages.items()):
        entry = catalog.get(msgid)
        string = entry.string if entry else None
        if isinstance(string, (tuple, list)):
            string = all(s.strip() for s in string) and string[0]
        if not entry or not string or not str(string).strip() or entry.fuzzy:
            missing[msgid] = where
    assert not missing, (f"{len(missing)} message(s) without a Vietnamese translation; run "
                         "python scripts/update_catalog.py and translate them in themes/default/locale/vi.po:\n"
                         + "\n".join(f"  {msgid!r}  ({', '.join(where)})" for msgid, where in missing.items()))


def test_vietnamese_translations_keep_their_placeholders():
    with (THEME / "locale" / "vi.po").open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    import re
    placeholder = re.compile(r"%\((\w+)\)s")
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.string:
            assert sorted(placeholder.findall(message.id)) == sorted(placeholder.findall(message.string)), message.id


def test_assets_are_fingerprinted(make_config):
    theme = theme_module.load_theme(make_config())
    assert set(theme.assets) >= {"style.css", "print.css", "favicon.svg"}
    for name, target in theme.assets.items():
        stem = name.rsplit(".", 1)[0]
        assert target.startswith(f"static/{stem}.") and target.endswith(name.rsplit(".", 1)[1])
        assert theme.asset_sources[target].name == name


def test_a_missing_theme_is_a_usage_error(make_config):
    with pytest.raises(theme_module.UsageError, match="no folder themes/nope/"):
        theme_module.load_theme(make_config("title: x\ntheme: nope\n"))


def test_a_project_theme_overrides_files_of_the_default(make_config, tmp_path):
    (tmp_path / "themes/mine/static").mkdir(parents=True)
    (tmp_path / "themes/mine/static/style.css").write_text("body{color:red}")
    theme = theme_module.load_theme(make_config("title: x\ntheme: mine\n"))
    assert theme.dirs[0] == tmp_path / "themes/mine"
    assert theme.asset_sources[theme.assets["style.css"]] == tmp_path / "themes/mine/static/style.css"
    assert theme.asset_sources[theme.assets["print.css"]].parent == THEME / "static"


def test_templates_are_strict_and_escaped(make_config):
    from site_builder.site import index_records
    from site_builder.vocabularies import load_default_vocabularies
    config = make_config()
    site = index_records(config, load_default_vocabularies(), [], {}, [])
    envs = theme_module.make_environments(site, theme_module.load_theme(config))
    env = envs["vi"]
    assert env.from_string("{{ x }}").render(x="<script>") == "&lt;script&gt;"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()
    assert env.from_string("{{ 1520 | number }}").render() == "1.520"
    assert envs["en"].from_string("{{ 1520 | number }}").render() == "1,520"

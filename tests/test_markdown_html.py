"""markdown_html.py: Markdown to HTML that cannot carry script into a citizen's browser."""

from site_builder.markdown_html import to_html


def test_plain_markdown():
    assert to_html("Xin **chào** [Hà Nội](https://example.org/)") == \
        '<p>Xin <strong>chào</strong> <a href="https://example.org/" rel="noopener noreferrer nofollow">Hà Nội</a></p>'


def test_empty_body():
    assert to_html("  \n") == ""


def test_a_heading_one_becomes_heading_two():
    assert to_html("# Tiêu đề") == "<h2>Tiêu đề</h2>"


def test_tables_are_kept():
    html = to_html("| a | b |\n|---|---|\n| 1.520 | 2 |\n")
    assert "<table>" in html and "<td>1.520</td>" in html


def test_script_and_event_handlers_are_removed():
    html = to_html('<script>alert(1)</script>\n\n<p onclick="x()">a</p>\n\n<img src="x.png" onerror="y()">')
    assert "<script" not in html and "alert" not in html
    assert "onclick" not in html and "onerror" not in html


def test_dangerous_urls_are_removed():
    for url in ("javascript:alert(1)", "data:text/html,<script>x</script>", "vbscript:x"):
        html = to_html(f"[bấm]({url})")
        assert url.split(":")[0] not in html, html


def test_iframes_and_styles_are_removed():
    html = to_html('<iframe src="https://evil.example/"></iframe><style>body{}</style><div style="x">a</div>')
    assert "iframe" not in html and "<style" not in html and "style=" not in html

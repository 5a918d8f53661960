"""The ``_headers`` file: the HTTP headers a host sends with every file of the site.

Netlify and Cloudflare Pages read ``_headers`` from the published folder; for other servers
(nginx, Apache, Caddy, S3 + CloudFront, GitHub Pages) ``docs/security.md`` shows the same
headers in their syntax. The headers, and why:

- ``Content-Security-Policy``: scripts, styles, images, fonts and data only from the site
  itself, no inline code (the theme has none), no plugins, no framing, forms only to the site,
  and Trusted Types, so even a bug in a script cannot turn text into markup. Content that
  slipped past the Markdown sanitizer still could not run.
- ``X-Content-Type-Options: nosniff``: an attachment is never run as HTML or script because it
  looks like one.
- ``Referrer-Policy: no-referrer``: the sites a reader follows a link to do not learn which
  record the reader came from.
- ``X-Frame-Options``, ``Cross-Origin-Opener-Policy``, ``Permissions-Policy``: no framing (the
  older header for older browsers), no window handles for other sites, no camera, microphone,
  location ... for anyone.
- ``Strict-Transport-Security`` (only for an ``https://`` ``base_url``): browsers come back over
  HTTPS only. Not ``includeSubDomains``: other sites of the same domain are not ours to decide.

The caching rules (a year for fingerprinted files) come from :mod:`hosting`; ``build`` joins the two.
"""

from __future__ import annotations

from typing import Iterable

from .config import SiteConfig

HEADERS_FILE = "_headers"

#: The Content-Security-Policy of every page, directive by directive.
CSP_DIRECTIVES = (
    ("default-src", "'none'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self'"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("manifest-src", "'self'"),
    ("form-action", "'self'"),
    ("base-uri", "'none'"),
    ("object-src", "'none'"),
    ("frame-ancestors", "'none'"),
    ("require-trusted-types-for", "'script'"),
    ("trusted-types", "'none'"),
)
PERMISSIONS_POLICY = ("accelerometer=(), autoplay=(), browsing-topics=(), camera=(), display-capture=(), "
                      "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
                      "usb=()")
HSTS = "max-age=31536000"


def content_security_policy(config: SiteConfig) -> str:
    """The policy as one header value; ``upgrade-insecure-requests`` when the site is on HTTPS."""
    directives = [f"{name} {value}" for name, value in CSP_DIRECTIVES]
    if config.base_url.startswith("https://"):
        directives.append("upgrade-insecure-requests")
    return "; ".join(directives)


def security_headers(config: SiteConfig) -> dict[str, str]:
    """The headers every file of the site is served with, by name."""
    headers = {
        "Content-Security-Policy": content_security_policy(config),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": PERMISSIONS_POLICY,
    }
    if config.base_url.startswith("https://"):
        headers["Strict-Transport-Security"] = HSTS
    return headers


def headers_file(config: SiteConfig, more_rules: Iterable[tuple[str, dict[str, str]]] = ()) -> bytes:
    """The ``_headers`` file of Netlify and Cloudflare Pages: the security headers for every path,
    then ``more_rules`` (``(path pattern, {header: value})``, e.g. caching)."""
    lines = ["# HTTP headers for Netlify and Cloudflare Pages, written by site-builder on every build.",
             "# Other hosts: the same headers in their syntax are in site-builder's docs/security.md."]
    for pattern, headers in [("/*", security_headers(config)), *more_rules]:
        lines.append(pattern)
        lines.extend(f"  {name}: {value}" for name, value in headers.items())
    return ("\n".join(lines) + "\n").encode("utf-8")

"""site-builder: a static transparency website generator for Vietnamese public records."""

__version__ = "0.1.0"

"""Per-environment memos that make rendering cheaper without changing a byte of it.

A cold build renders thousands of pages that ask for the same few UI strings, dates and numbers
again and again. Jinja's newstyle gettext looks each message up and wraps it in ``Markup`` on every
call (through three ``Context.call``\\ s), and Babel formats the same date from scratch each time.
The helpers here keep each answer once per Jinja environment (one per language and producer), in
closures that live and die with it: no module-level state, nothing shared between builds.
"""

from __future__ import annotations

from typing import Any, Callable

import jinja2
from markupsafe import Markup

_MISSING = object()  # not kept yet (None may be a kept answer)


def install_cached_gettext(env: jinja2.Environment, translations) -> None:
    """Install ``gettext``, ``ngettext``, ``pgettext``, ``npgettext`` and ``_`` in ``env`` with the
    semantics of ``env.install_gettext_translations(translations, newstyle=True)``: the translation
    is ``Markup`` where autoescape is on, and is always formatted with ``% variables`` (so ``%%``
    reads ``%`` and variables are escaped). Each message is translated once, and a message called
    without variables is formatted once.

    ``_`` calls ``gettext`` directly instead of looking ``gettext`` up in the template's context on
    each call (Jinja's alias), so a template that sets its own ``gettext`` variable does not change
    what ``_`` does.
    """
    # The callables Jinja's install_gettext_translations picks.
    translate = getattr(translations, "ugettext", None) or translations.gettext
    translate_plural = getattr(translations, "ungettext", None) or translations.ngettext
    translate_in_context = getattr(translations, "pgettext", None)
    translate_plural_in_context = getattr(translations, "npgettext", None)
    translated: dict[tuple, Any] = {}   # (autoescape, callable, *arguments) -> str or Markup
    bare: dict[tuple, Any] = {}         # (autoescape, message) -> its translation % {}

    def lookup(autoescape: bool, function: Callable, *arguments):
        key = (autoescape, function, *arguments)
        try:
            text = translated.get(key, _MISSING)
        except TypeError:  # an unhashable count: translate it every time
            text = function(*arguments)
            return Markup(text) if autoescape else text
        if text is _MISSING:
            text = function(*arguments)
            text = translated[key] = Markup(text) if autoescape else text
        return text

    @jinja2.pass_eval_context
    def gettext(eval_ctx, __string: str, **variables):
        autoescape = bool(eval_ctx.autoescape)
        if variables:
            return lookup(autoescape, translate, __string) % variables
        key = (autoescape, __string)
        text = bare.get(key, _MISSING)
        if text is _MISSING:
            text = bare[key] = lookup(autoescape, translate, __string) % variables
        return text

    @jinja2.pass_eval_context
    def ngettext(eval_ctx, __singular: str, __plural: str, __num: int, **variables):
        variables.setdefault("num", __num)
        return lookup(bool(eval_ctx.autoescape), translate_plural, __singular, __plural, __num) % variables

    pgettext = npgettext = None
    if translate_in_context is not None:
        @jinja2.pass_eval_context
        def pgettext(eval_ctx, __string_ctx: str, __string: str, **variables):
            variables.setdefault("context", __string_ctx)
            return lookup(bool(eval_ctx.autoescape), translate_in_context, __string_ctx, __string) % variables

    if translate_plural_in_context is not None:
        @jinja2.pass_eval_context
        def npgettext(eval_ctx, __string_ctx: str, __singular: str, __plural: str, __num: int, **variables):
            variables.setdefault("context", __string_ctx)
            variables.setdefault("num", __num)
            return lookup(bool(eval_ctx.autoescape), translate_plural_in_context,
                          __string_ctx, __singular, __plural, __num) % variables

    env.newstyle_gettext = True  # {% trans %} passes its variables to gettext, as with newstyle=True
    env.globals.update(gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext, _=gettext)


def memoize_dates(format_date: Callable[[Any], str]) -> Callable[[Any], str]:
    """``format_date`` (a date or datetime -> text), each value formatted once. Values are kept by
    type, value and time zone, so a ``date`` and a ``datetime``, or two equal instants in different
    zones, are formatted apart."""
    kept: dict[tuple, str] = {}

    def formatted(value) -> str:
        try:
            key = (value.__class__, value, getattr(value, "tzinfo", None))
            text = kept.get(key, _MISSING)
        except TypeError:  # not hashable, so not a date: let the formatter say what is wrong
            return format_date(value)
        if text is _MISSING:
            text = kept[key] = format_date(value)
        return text

    return formatted


def memoize_numbers(format_number: Callable[[Any], str]) -> Callable[[Any], str]:
    """``format_number``, each ``int`` formatted once (other numbers, whose equal values may read
    differently, such as ``0.0`` and ``-0.0``, are formatted every time)."""
    kept: dict[int, str] = {}

    def formatted(value) -> str:
        if value.__class__ is not int:
            return format_number(value)
        text = kept.get(value, _MISSING)
        if text is _MISSING:
            text = kept[value] = format_number(value)
        return text

    return formatted


def memoized(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``function`` of one hashable argument (an id), each answer kept. Only for functions of their
    argument and of what the environment is bound to (the site, the language)."""
    kept: dict = {}

    def remembered(argument):
        try:
            answer = kept.get(argument, _MISSING)
        except TypeError:  # not hashable
            return function(argument)
        if answer is _MISSING:
            answer = kept[argument] = function(argument)
        return answer

    return remembered

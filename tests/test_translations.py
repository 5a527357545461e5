"""Every text a supporter or staff member reads exists in each of the eight languages.

The catalogues (locale/<language>/LC_MESSAGES/django.po) must hold every string of the code
(`make messages` extracts them), each translated and none fuzzy.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


def catalogue(language):
    return polib.pofile(str(BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"))


def untranslated_or_fuzzy(po):
    """Return the msgids of a catalogue's entries that are untranslated or fuzzy."""
    entries = [entry for entry in po if not entry.obsolete]
    return sorted(entry.msgid for entry in entries if entry.fuzzy or not entry.translated())


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_string_is_translated_and_none_is_fuzzy(language):
    po = catalogue(language)
    assert not po.metadata_is_fuzzy, f"{language}: the catalogue's header is marked fuzzy"
    missing = untranslated_or_fuzzy(po)
    assert not missing, f"{language}: {len(missing)} untranslated or fuzzy, e.g. {missing[:5]}"


def test_every_language_has_a_catalogue_with_its_plural_forms():
    for code, _name in settings.LANGUAGES:
        po = catalogue(code)
        assert po.metadata["Language"] == code
        assert "nplurals=" in po.metadata["Plural-Forms"]


def test_country_names_exist_in_every_language():
    # django-countries has no Azerbaijani: CLDR's names fill in (config/country_names/).
    from django.utils import translation
    from django_countries import countries

    for code, _name in settings.LANGUAGES:
        if code == "en":
            continue
        with translation.override(code):
            english_named = [
                c for c in ("DE", "AZ", "EG", "GB") if _english(c) == countries.name(c)
            ]
        assert not english_named, f"{code}: {english_named} named in English"


def _english(code):
    from django.utils import translation
    from django_countries import countries

    with translation.override("en"):
        return str(countries.name(code))


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs GNU gettext (apt-get install gettext)"
)
def test_the_catalogues_hold_every_string_of_the_code(tmp_path):
    # Extract the code's strings afresh, in a copy of the checkout, as `make messages` does.
    copy = tmp_path / "checkout"
    shutil.copytree(
        BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(".venv", "var", ".git", "*.mo", "node_modules", "*.png"),
    )
    environment = {**os.environ, "DEBUG": "1"}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale=en",
            "--ignore=.venv",
            "--ignore=var",
            "--ignore=tests",
            "--ignore=bench",
            "--ignore=docs",
            "--ignore=config/country_names",
            "--no-obsolete",
            "--verbosity=0",
        ],
        cwd=copy,
        env=environment,
        check=True,
    )
    in_code = {
        (e.msgctxt, e.msgid) for e in polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po"))
    }
    for code, _name in settings.LANGUAGES:
        in_catalogue = {(e.msgctxt, e.msgid) for e in catalogue(code) if not e.obsolete}
        missing = sorted(msgid for _context, msgid in in_code - in_catalogue)
        assert not missing, f"{code}: run `make messages`; not in the catalogue: {missing[:5]}"

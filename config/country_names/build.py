"""Write the catalogues of country names that django-countries lacks, from Unicode CLDR.

django-countries translates its names into most of the site's languages, but not Azerbaijani:
this writes locale/<language>/LC_MESSAGES/django.po beside this file, one entry per country
(msgid: django-countries' English name; msgstr: CLDR's, through Babel), for each language of
LANGUAGES_WITHOUT_NAMES. Django reads them through LOCALE_PATHS; make install compiles them.

    .venv/bin/python config/country_names/build.py
"""

from pathlib import Path

import django
import polib
from babel import Locale
from django.conf import settings

LANGUAGES_WITHOUT_NAMES = ["az"]
HERE = Path(__file__).resolve().parent


def country_names():
    """Return (ISO code, English name as django-countries' msgid) for every country."""
    settings.configure(USE_I18N=True, LANGUAGE_CODE="en")
    django.setup()
    from django.utils import translation
    from django_countries import countries

    with translation.override(None):
        return [(code, str(name)) for code, name in countries]


def main():
    names = country_names()
    for language in LANGUAGES_WITHOUT_NAMES:
        territories = Locale.parse(language).territories
        catalogue = polib.POFile(wrapwidth=100)
        catalogue.metadata = {
            "Project-Id-Version": "campaign-petitions country names",
            "Language": language,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": "nplurals=2; plural=(n != 1);",
            "X-Source": "Unicode CLDR through Babel (config/country_names/build.py)",
        }
        for code, english in names:
            if code in territories:
                catalogue.append(
                    polib.POEntry(msgid=english, msgstr=territories[code], comment=code)
                )
        target = HERE / "locale" / language / "LC_MESSAGES" / "django.po"
        target.parent.mkdir(parents=True, exist_ok=True)
        catalogue.save(str(target))
        print(f"{target.relative_to(HERE.parent.parent)}: {len(catalogue)} countries")


if __name__ == "__main__":
    main()

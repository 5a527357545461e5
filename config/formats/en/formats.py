"""English dates as an international campaign writes them: 26 February 1992, not Feb. 26, 1992.

The other languages keep Django's formats for them (FORMAT_MODULE_PATH falls back to those).
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"

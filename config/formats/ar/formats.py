"""Arabic numbers grouped by thousands, as Arabic news sites writing Western digits do
(1,000,000; Django's own Arabic formats do not group them)."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

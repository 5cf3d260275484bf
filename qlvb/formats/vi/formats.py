"""Vietnamese input formats (settings.FORMAT_MODULE_PATH): a date is typed day first, dd/mm/yyyy.

Django's own `vi` locale defines no input formats, so without this module a date form field falls
back to the global defaults, where "%m/%d/%Y" comes before any day-first format: "05/01/2026" was
read as 1 May. Only the input formats are set here; the display formats stay Django's.
The ISO form (yyyy-mm-dd) is still accepted: links and saved searches made before carry it.
"""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%H:%M %d/%m/%Y",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d",
]

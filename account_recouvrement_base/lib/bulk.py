"""Values for the bulk inserts of the dunning run (plain Python)."""


def array_literal(values):
    """PostgreSQL's text form of an array (``{1,NULL,"a b"}``): one literal
    that the server reads at once, where psycopg2's ``ARRAY[...]`` would be
    an expression per element (slow for thousands of them)."""
    return "{" + ",".join(map(array_element, values)) + "}"


def array_element(value):
    kind = type(value)
    if kind is int or kind is float:
        return repr(value)
    if value is None:
        return "NULL"
    if kind is bool:
        return "t" if value else "f"
    if isinstance(value, int | float):
        return repr(value)
    text = value if kind is str else _text(value)
    if "\\" in text or '"' in text:
        text = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text + '"'


def _text(value):
    return value.isoformat() if hasattr(value, "isoformat") else str(value)

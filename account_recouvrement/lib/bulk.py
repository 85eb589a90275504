"""Values for the bulk inserts of the dunning run (plain Python)."""


def array_literal(values):
    """PostgreSQL's text form of an array (``{1,NULL,"a b"}``): one literal
    that the server reads at once, where psycopg2's ``ARRAY[...]`` would be
    an expression per element (slow for thousands of them)."""
    return "{" + ",".join(array_element(value) for value in values) + "}"


def array_element(value):
    if value is None:
        return "NULL"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, int | float):
        return repr(value)
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

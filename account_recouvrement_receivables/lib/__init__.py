"""Plain-Python computations of the report (no ORM, fast to test)."""

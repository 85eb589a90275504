"""Plain-Python computations of factoring (no ORM, fast to test)."""

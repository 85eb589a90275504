"""Plain-Python computations used by the models (no ORM, fast to test)."""

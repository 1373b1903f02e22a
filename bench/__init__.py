"""Speed and memory figures, printed (never asserted). Run with ``make bench``."""

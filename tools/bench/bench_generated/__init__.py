"""Bench-only app of generated models (``RAIL_BENCH_MODELS`` of them, 200 by default)."""

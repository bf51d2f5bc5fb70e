"""The benchmark's storefront models (a bench-only Django app)."""

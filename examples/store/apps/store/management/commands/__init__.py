"""``load_demo_data`` and ``rundemo``."""

"""Split settings: ``base`` (shared), ``dev`` (the default of manage.py) and ``prod``."""

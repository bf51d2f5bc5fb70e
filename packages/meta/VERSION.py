# The one place the rail-django meta-package's version is written (read by hatchling).
__version__ = "0.1.0"

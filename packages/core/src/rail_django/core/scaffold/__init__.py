"""``rail-admin``: start a Rail Django project or app from the templates shipped in this wheel.

``rail-admin startproject NAME [DIR]`` writes the guide's layout (split settings read from the
environment, the storefront app, requirements, a Dockerfile and the deploy files);
``rail-admin startapp NAME`` adds ``apps/NAME/`` to a project. The same two operations are
importable::

    from rail_django.core.scaffold import start_app, start_project

    start_project("my_platform", Path("/srv/my_platform"))
"""

from rail_django.core.scaffold.generate import ScaffoldError, start_app, start_project

__all__ = ["ScaffoldError", "start_app", "start_project"]

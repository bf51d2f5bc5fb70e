"""Project configuration of the storefront example (settings, URLs, WSGI/ASGI entry points)."""

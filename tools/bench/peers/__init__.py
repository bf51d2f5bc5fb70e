"""One module per implementation under test; each exposes ``NAME``, ``URL``, ``QUERIES`` (the
request body of each benchmark query) and ``urlpatterns``."""

from importlib import import_module

_MODULES = ("rail", "graphene_naive", "graphene_optimized", "strawberry_peer", "plain_orm")


def _load() -> list:
    loaded = []
    for name in _MODULES:
        try:
            loaded.append(import_module(f"peers.{name}"))
        except ImportError as exc:  # a peer's library is not installed: skip it, say so
            print(f"[bench] skipping peers.{name}: {exc}")
    return loaded


PEERS = _load()

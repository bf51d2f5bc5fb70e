"""Build one implementation's schema for the generated models; print seconds and peak memory.

Run in a fresh interpreter per implementation (``run.py`` does): ``python schema_build.py rail``.
"""

from __future__ import annotations

import json
import sys
import time
import tracemalloc

import bench_settings


def _rail():
    from rail_django.core.schema_builder import build_schema

    return build_schema("gql")


def _graphene():
    import graphene
    from bench_generated.models import MODELS
    from graphene_django import DjangoObjectType

    types = {}
    for model in MODELS:
        meta = type("Meta", (), {"model": model, "fields": "__all__"})
        types[model] = type(f"{model.__name__}Type", (DjangoObjectType,), {"Meta": meta})
    fields = {f"all_{m.__name__.lower()}": graphene.List(t) for m, t in types.items()}
    return graphene.Schema(query=type("Query", (graphene.ObjectType,), fields))


def _strawberry():
    import strawberry
    import strawberry_django
    from bench_generated.models import MODELS

    names = ("id", "name", "code", "amount", "quantity", "active", "created_at")
    types = []
    for model in MODELS:
        annotations = {name: strawberry.auto for name in names}
        cls = type(f"{model.__name__}Type", (), {"__annotations__": annotations})
        types.append(strawberry_django.type(model)(cls))
    annotations = {f"all_{t.__name__.lower()}": list[t] for t in types}
    attrs = {"__annotations__": annotations, **{k: strawberry_django.field() for k in annotations}}
    return strawberry.Schema(query=strawberry.type(type("Query", (), attrs)))


BUILDERS = {"rail": _rail, "graphene": _graphene, "strawberry": _strawberry}


def main() -> None:
    """``schema_build.py NAME time|memory``: tracemalloc slows a build down a few times, so
    time and memory are measured in separate interpreters."""
    name, what = sys.argv[1], sys.argv[2]
    bench_settings.configure(
        "sqlite", extra_apps=("bench_generated",), schema_apps=("bench_generated",)
    )
    if what == "memory":
        tracemalloc.start()
    started = time.perf_counter()
    BUILDERS[name]()
    seconds = time.perf_counter() - started
    if what == "memory":
        print(json.dumps({"peak_mib": tracemalloc.get_traced_memory()[1] / 2**20}))
    else:
        print(json.dumps({"seconds": seconds}))


if __name__ == "__main__":
    main()

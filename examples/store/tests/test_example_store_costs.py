"""The README's example queries, as written there, answer without errors on the default limits,
and cost what core's docs say they cost; abusive documents stay refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"

#: What core's docs (docs/content/packages/core.md, "Worked examples") give for the README's
#: queries, in the README's order, and for the realistic three-level query below.
README_COSTS = [242, 15, 588, 32]
THREE_LEVELS = "{ orders(limit: 2) { items { product { tags { name } } } } }"
THREE_LEVELS_COST = 878
#: Their costs, also given in core's docs page.
ABUSIVE_COSTS = [168_461, 1_110, 2_082, 10_121]
ABUSIVE = [
    # deep nesting of unpaged lists
    "{ categories { products { tags { products { name } } } } }",
    # aliases multiplying a full page
    "{ " + " ".join(f"a{i}: products(limit: 100) {{ name }}" for i in range(10)) + " }",
    # a fragment multiplying nested lists
    "{ products(limit: 50) { ...P } } fragment P on Product { a: tags { name } b: tags { name } }",
    # a huge page of a nested list
    "{ products(limit: 100) { tags(limit: 100) { name } } }",
]

COSTS = """
import importlib.util
from graphql import get_operation_ast, parse
from rail_django.core.schema_builder import build_schema
from rail_django.core.settings_sections import schema_settings
from rail_django.core.validation import QueryCostModel

queries = json.loads(%r)
schema = build_schema("gql")
model = QueryCostModel(schema.graphql_schema, schema_settings("gql")["query_settings"])
out = []
for query in queries:
    document = parse(query)
    cost = model.cost(document, get_operation_ast(document))
    out.append({"cost": cost, "answer": graphql(query, username="viewer")})
report({"filtering": importlib.util.find_spec("rail_django.filtering") is not None, "out": out})
"""


def readme_queries() -> list[str]:
    """The README's query blocks (its mutations are run by test_example_store_graphql)."""
    blocks = re.findall(r"```graphql\n(.*?)```", README.read_text(), flags=re.S)
    return [block for block in blocks if not block.lstrip().startswith("mutation")]


def test_readme_queries_pass_the_defaults_and_abuse_does_not(demo_project):
    readme = readme_queries()
    assert len(readme) == len(README_COSTS)
    queries = [*readme, THREE_LEVELS, *ABUSIVE]
    result = demo_project.graphql(COSTS % json.dumps(queries))
    out = result["out"]
    costs = [entry["cost"] for entry in out]
    assert costs[: len(readme) + 1] == [*README_COSTS, THREE_LEVELS_COST]
    for query, entry in zip(queries[: len(readme) + 1], out, strict=False):
        if "where:" in query and not result["filtering"]:
            continue  # core alone: `where` is not an argument (another test covers it)
        assert entry["answer"]["status"] == 200, (query, entry)
        assert "errors" not in entry["answer"]["body"], (query, entry)
    assert costs[len(readme) + 1 :] == ABUSIVE_COSTS
    for query, entry in zip(ABUSIVE, out[len(readme) + 1 :], strict=True):
        codes = [e["extensions"]["code"] for e in entry["answer"]["body"]["errors"]]
        assert codes == ["RAIL_GQL_QUERY_TOO_COMPLEX"], (query, codes)

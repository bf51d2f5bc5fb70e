"""The example's GraphQL API, asked over HTTP as the demo users, and ``rundemo`` serving it."""

from __future__ import annotations

import http.cookiejar
import importlib.util
import json
import re
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

PRODUCTS_PAGE = """
result = graphql('''
  query {
    products(offset: 2, limit: 5, orderBy: ["-price", "name"]) {
      id name sku price isActive
      category { name }
      tags { name }
    }
  }
''', username="viewer")
from apps.store.models import Product
expected = [
    {
        "id": str(p.pk), "name": p.name, "sku": p.sku, "price": str(p.price),
        "isActive": p.is_active, "category": {"name": p.category.name},
        "tags": [{"name": t.name} for t in p.tags.order_by("name")],
    }
    for p in Product.objects.order_by("-price", "name")[2:7]
]
report({"result": result, "expected": expected})
"""


def test_viewer_reads_a_page_of_products_in_order(demo_project):
    answer = demo_project.graphql(PRODUCTS_PAGE)
    result = answer["result"]
    assert result["status"] == 200, result
    assert "errors" not in result["body"], result["body"]
    products = result["body"]["data"]["products"]
    assert len(products) == 5
    for product in products:
        product["tags"] = sorted(product["tags"], key=lambda tag: tag["name"])
    assert products == answer["expected"]


RETRIEVE = """
from apps.store.models import Product
product = Product.objects.get(sku="ELEC-PHONE-P")
result = graphql(
    'query ($id: ID!) { product(id: $id) { name sku category { name slug } } }',
    username="viewer",
    variables={"id": str(product.pk)},
)
report(result)
"""


def test_viewer_retrieves_one_product(demo_project):
    result = demo_project.graphql(RETRIEVE)
    assert result["body"] == {
        "data": {
            "product": {
                "name": "Phone Pro",
                "sku": "ELEC-PHONE-P",
                "category": {"name": "Electronics", "slug": "electronics"},
            }
        }
    }


ORDERS = """
result = graphql('''
  query {
    orders(limit: 3, orderBy: ["reference"]) {
      reference status
      customer { email }
      items { quantity unitPrice product { sku } }
    }
  }
''', username="viewer")
from apps.store.models import Order
expected = [
    {
        "reference": o.reference, "status": o.status.upper(),
        "customer": {"email": o.customer.email},
        "items": sorted(
            [
                {"quantity": i.quantity, "unitPrice": str(i.unit_price),
                 "product": {"sku": i.product.sku}}
                for i in o.items.all()
            ],
            key=lambda item: item["product"]["sku"],
        ),
    }
    for o in Order.objects.order_by("reference")[:3]
]
report({"result": result, "expected": expected})
"""


def test_viewer_follows_nested_relations(demo_project):
    answer = demo_project.graphql(ORDERS)
    body = answer["result"]["body"]
    assert "errors" not in body, body
    orders = body["data"]["orders"]
    for order in orders:
        order["items"] = sorted(order["items"], key=lambda item: item["product"]["sku"])
    assert [o["reference"] for o in orders] == ["ORD-0001", "ORD-0002", "ORD-0003"]
    assert orders == answer["expected"]


def test_cost_fields_are_not_in_the_api(demo_project):
    result = demo_project.graphql(
        "report(graphql('{ products(limit: 1) { name costPrice supplierNotes } }',"
        " username='admin'))\n"
    )
    errors = result["body"]["errors"]
    assert "data" not in result["body"] or result["body"]["data"] is None
    messages = " ".join(error["message"] for error in errors)
    assert "costPrice" in messages and "supplierNotes" in messages


def test_signed_out_requests_are_refused_with_a_code(demo_project):
    result = demo_project.graphql("report(graphql('{ products(limit: 1) { name } }'))\n")
    codes = [error["extensions"]["code"] for error in result["body"]["errors"]]
    assert codes == ["RAIL_GQL_UNAUTHENTICATED"]


BEARER_SIGN_IN = """
from django.contrib.auth import get_user_model
from django.test import Client

viewer = get_user_model().objects.get(username="viewer")
viewer.set_password("example-test-password-1")
viewer.save()


def post(query, variables=None, **headers):
    response = Client().post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        secure=True,
        **headers,
    )
    return {"status": response.status_code, "body": response.json()}


login = post(
    "mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }",
    {"u": "viewer", "p": "example-test-password-1"},
)
token = login["body"]["data"]["login"]["token"]
report({
    "me": post("{ me { username } }", HTTP_AUTHORIZATION="Bearer " + token),
    "products": post("{ products(limit: 2) { sku } }", HTTP_AUTHORIZATION="Bearer " + token),
    "garbage": post("{ me { username } }", HTTP_AUTHORIZATION="Bearer not-a-jwt"),
})
"""


def test_a_bearer_token_from_login_signs_in_with_no_middleware_edit(demo_project):
    result = demo_project.graphql(BEARER_SIGN_IN)
    assert result["me"]["body"] == {"data": {"me": {"username": "viewer"}}}
    assert len(result["products"]["body"]["data"]["products"]) == 2
    assert result["garbage"]["status"] == 401
    codes = [error["extensions"]["code"] for error in result["garbage"]["body"]["errors"]]
    assert codes == ["RAIL_GQL_UNAUTHENTICATED"]


SCHEMA_PAGE_SIZES = """
query = "{ products(limit: 200) { sku } }"
report({
    "gql": graphql(query, username="admin"),
    "admin": graphql(query, username="admin", path="/graphql/admin/"),
    "viewer_on_admin": graphql(query, username="viewer", path="/graphql/admin/"),
})
"""


def test_each_schema_applies_its_own_page_size(demo_project):
    answer = demo_project.graphql(SCHEMA_PAGE_SIZES)
    refused = answer["gql"]["body"]
    assert refused["data"] == {"products": None}
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["RAIL_GQL_INVALID_PAGINATION"]
    # The admin schema allows pages of 500: all 50 products come back, to any user who may view.
    assert len(answer["admin"]["body"]["data"]["products"]) == 50
    assert len(answer["viewer_on_admin"]["body"]["data"]["products"]) == 50


def test_ordering_is_limited_to_the_allowed_paths(demo_project):
    result = demo_project.graphql(
        "report(graphql('{ products(orderBy: [\"costPrice\"]) { name } }', username='admin'))\n"
    )
    codes = [error["extensions"]["code"] for error in result["body"]["errors"]]
    assert codes == ["RAIL_GQL_INVALID_ORDERING"]


FILTERS = """
import importlib.util
from decimal import Decimal
from apps.store.models import Product

result = graphql('''
  query {
    products(
      where: { price: { between: [100, 200] }, categoryRel: { name: { icontains: "book" } } }
      orderBy: ["name"]
    ) { sku }
  }
''', username="viewer")
expected = list(
    Product.objects.filter(
        price__gte=Decimal(100), price__lte=Decimal(200), category__name__icontains="book"
    ).order_by("name").values_list("sku", flat=True)
)
report({
    "filtering_installed": importlib.util.find_spec("rail_django.filtering") is not None,
    "result": result,
    "expected": expected,
})
"""


def test_where_filters_follow_the_installed_packages(demo_project):
    answer = demo_project.graphql(FILTERS)
    body = answer["result"]["body"]
    if answer["filtering_installed"]:
        # The guide's nested filter syntax, answered exactly as the ORM would.
        assert "errors" not in body, body
        assert answer["expected"], "the demo data has books priced 100-200"
        assert [p["sku"] for p in body["data"]["products"]] == answer["expected"]
    else:
        # Core alone: `where` is not an argument, and the client is told so precisely.
        assert [e["extensions"]["code"] for e in body["errors"]] == ["RAIL_GQL_VALIDATION_FAILED"]
        assert "where" in body["errors"][0]["message"]


# --- writes: the README's createProduct, from GraphiQL and from a script -------------------------


def _readme_blocks(project, language: str, containing: str) -> list[str]:
    text = (project.path / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)
    return [block for block in blocks if containing in block]


README_CREATE = """
from apps.store.models import Category, Product
created = graphql(QUERY, username="admin")
refused = graphql(QUERY, username="viewer")
rows = list(Product.objects.filter(name="Travel Mug").values("sku", "cost_price", "category_id"))
Product.objects.filter(name="Travel Mug").delete()  # the other tests read the demo data as loaded
report({
    "created": created, "refused": refused, "rows": rows,
    "category": Category.objects.get(pk=1).name,
})
"""


def test_the_readmes_create_product_mutation_succeeds(demo_project):
    [query] = _readme_blocks(demo_project, "graphql", "createProduct(")
    answer = demo_project.graphql(README_CREATE.replace("QUERY", repr(query)))
    body = answer["created"]["body"]
    assert "errors" not in body, body
    payload = body["data"]["createProduct"]
    assert payload["ok"] is True and payload["errors"] == [], payload
    product = payload["product"]
    assert re.fullmatch(r"SKU-[0-9A-F]{8}", product["sku"]), product
    assert product["name"] == "Travel Mug" and product["price"] == "19.90"
    assert product["category"] == {"name": answer["category"]}
    # Stored as answered; the purchase cost waits for the back office.
    assert answer["rows"] == [{"sku": product["sku"], "cost_price": None, "category_id": 1}]
    # The read-only viewer is refused the whole operation.
    refused = answer["refused"]["body"]
    assert refused["data"] == {"createProduct": None}
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["RAIL_GQL_PERMISSION_DENIED"]


def _post(url: str, body: dict, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (local)
            return json.load(response)
    except urllib.error.HTTPError as refused:
        return json.load(refused)


def test_a_script_signs_in_with_login_and_a_bearer_token(demo_project):
    if importlib.util.find_spec("rail_django.security") is None:
        pytest.skip("rail-django-security is not installed: the example has no login mutation")
    [script] = _readme_blocks(demo_project, "bash", "Authorization: Bearer")
    login, create = (json.loads(payload) for payload in re.findall(r"-d '(.*?)'", script))
    assert "login(" in login["query"] and "createProduct(" in create["query"]
    port = _free_port()
    url = f"http://127.0.0.1:{port}/graphql/"
    process = subprocess.Popen(
        demo_project.command("runserver", "--noreload", f"127.0.0.1:{port}"),
        env=demo_project.environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_until_serving(url, process)
        signed_out = _post(url, create)
        token = _post(url, login)["data"]["login"]["token"]
        created = _post(url, create, token=token)
    finally:
        process.terminate()
        try:
            process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
        demo_project.run(
            "from apps.store.models import Product\n"
            "report(Product.objects.filter(name='Travel Mug').delete()[0])\n"
        )
    assert [e["extensions"]["code"] for e in signed_out["errors"]] == ["RAIL_GQL_UNAUTHENTICATED"]
    payload = created["data"]["createProduct"]
    assert payload["ok"] is True and payload["errors"] == [], created
    assert re.fullmatch(r"SKU-[0-9A-F]{8}", payload["product"]["sku"])


# --- rundemo -------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_serving(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"rundemo exited {process.returncode}:\n{process.stdout.read()}")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (a local test server)
            return
        except urllib.error.HTTPError:
            return  # any HTTP answer means the server is up
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"rundemo did not answer at {url} within {timeout} s")


def _sign_in(opener, base: str, username: str, password: str):
    """Sign in through the admin's login form, as a person would, landing on GraphiQL."""
    form = opener.open(f"{base}/admin/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
            "next": "/graphql/",
        }
    ).encode()
    request = urllib.request.Request(
        f"{base}/admin/login/", data=data, headers={"Referer": f"{base}/admin/login/"}
    )
    return opener.open(request)


def test_rundemo_migrates_loads_and_serves_graphiql(fresh_project):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        fresh_project.command("rundemo", "--noreload", f"127.0.0.1:{port}"),
        cwd=fresh_project.path.parent.parent,  # the repository root, like `hatch run demo:serve`
        env=fresh_project.environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_until_serving(f"{base}/admin/login/", process)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.addheaders = [("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")]

        # The root URL leads to GraphiQL, and signing in lands there.
        page = _sign_in(opener, base, "viewer", "viewer")
        assert page.url == f"{base}/graphql/"
        assert page.status == 200
        assert "graphiql" in page.read().decode().lower()
        assert opener.open(f"{base}/").url == f"{base}/graphql/"

        # What the GraphiQL page sends: a same-origin JSON POST carrying the session cookie and
        # the CSRF token a session-authenticated request needs.
        query = json.dumps({"query": '{ categories(orderBy: ["name"]) { name } }'}).encode()
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        without_token = urllib.request.Request(f"{base}/graphql/", data=query, headers=headers)
        with pytest.raises(urllib.error.HTTPError) as refused:
            opener.open(without_token)
        assert refused.value.code == 403
        csrf = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
        answer = opener.open(
            urllib.request.Request(
                f"{base}/graphql/", data=query, headers={**headers, "X-CSRFToken": csrf}
            )
        )
        names = [c["name"] for c in json.load(answer)["data"]["categories"]]
        assert names == ["Books", "Electronics", "Home & Kitchen", "Outdoor", "Toys"]
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
    assert "Demo data: 5 categories, 50 products" in output

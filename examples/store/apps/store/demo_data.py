"""The storefront's demo data: deterministic, and safe to load any number of times.

Every row is found by its natural key (slug, SKU, email, order reference) and updated in place,
so loading twice leaves the same rows; the pseudo-random choices come from a fixed seed, so every
machine gets the same catalog, customers and orders.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.text import slugify

from apps.store.models import Category, Customer, Order, OrderItem, Product, Tag

SEED = 20240601
EPOCH = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)

CATALOG: dict[str, tuple[str, list[str]]] = {
    "Electronics": (
        "Gadgets, audio and accessories.",
        ["Phone", "Headphones", "Speaker", "Charger", "Smartwatch"],
    ),
    "Books": (
        "Fiction, non-fiction and technical books.",
        ["Novel", "Cookbook", "Atlas", "Field Guide", "Poetry Collection"],
    ),
    "Home & Kitchen": (
        "Everything for the kitchen and the living room.",
        ["Kettle", "Chef Knife", "Teapot", "Cutting Board", "Table Lamp"],
    ),
    "Outdoor": (
        "Camping, hiking and garden gear.",
        ["Tent", "Backpack", "Water Bottle", "Headlamp", "Hammock"],
    ),
    "Toys": (
        "Games and toys for every age.",
        ["Puzzle", "Kite", "Building Blocks", "Board Game", "Yo-yo"],
    ),
}
EDITIONS = ["Classic", "Pro"]
TAGS = ["New", "Sale", "Bestseller", "Eco", "Gift Idea", "Limited", "Premium", "Clearance"]
FIRST_NAMES = ["Ada", "Grace", "Alan", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Radia"]
FIRST_NAMES += ["Guido", "Frances", "Edsger", "Hedy", "Tim", "Katherine", "John", "Sophie"]
FIRST_NAMES += ["Donald", "Annie", "Niklaus"]
LAST_NAMES = ["Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Ritchie", "Liskov"]
LAST_NAMES += ["Thompson", "Perlman", "van Rossum", "Allen", "Dijkstra", "Lamarr", "Berners-Lee"]
LAST_NAMES += ["Johnson", "Backus", "Wilson", "Knuth", "Easley", "Wirth"]
CUSTOMER_COUNT = 20
ORDER_COUNT = 40
STATUS_CYCLE = ["delivered", "delivered", "shipped", "paid", "pending", "cancelled"]

VIEWER_USERNAME = "viewer"
ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class LoadReport:
    """How many rows of each kind the demo data holds after loading."""

    categories: int
    tags: int
    products: int
    customers: int
    orders: int
    order_items: int
    users: tuple[str, ...]


@transaction.atomic
def load_demo_data(admin_password: str | None, viewer_password: str | None) -> LoadReport:
    """Create or update the demo rows and users; return what the demo data consists of.

    A user whose password is ``None`` is not created. Existing users keep their password, so a
    password changed in the admin survives another load.
    """
    rng = random.Random(SEED)
    tags = [_tag(name) for name in TAGS]
    products: list[Product] = []
    for category_name, (description, items) in CATALOG.items():
        category, _ = Category.objects.update_or_create(
            slug=slugify(category_name),
            defaults={"name": category_name, "description": description},
        )
        for item in items:
            for edition in EDITIONS:
                products.append(_product(category, item, edition, rng, tags))
    customers = [_customer(index) for index in range(CUSTOMER_COUNT)]
    item_count = 0
    for index in range(ORDER_COUNT):
        item_count += _order(index, customers[index % CUSTOMER_COUNT], products, rng)
    users = _demo_users(admin_password, viewer_password)
    return LoadReport(
        categories=len(CATALOG),
        tags=len(tags),
        products=len(products),
        customers=len(customers),
        orders=ORDER_COUNT,
        order_items=item_count,
        users=users,
    )


def _tag(name: str) -> Tag:
    tag, _ = Tag.objects.update_or_create(slug=slugify(name), defaults={"name": name})
    return tag


def _product(category: Category, item: str, edition: str, rng: random.Random, tags) -> Product:
    sku = f"{category.slug[:4].upper()}-{slugify(item).upper()}-{edition[0]}"
    price = Decimal(rng.randrange(500, 50000)) / 100
    if edition == "Pro":
        price = (price * Decimal("1.8")).quantize(Decimal("0.01"))
    product, _ = Product.objects.update_or_create(
        sku=sku,
        defaults={
            "category": category,
            "name": f"{item} {edition}",
            "description": f"The {edition.lower()} {item.lower()} from our {category.name} shelf.",
            "price": price,
            "cost_price": (price * Decimal("0.6")).quantize(Decimal("0.01")),
            "supplier_notes": f"Supplier #{rng.randrange(1, 12)}; reorder at 10 units.",
            "stock": rng.randrange(0, 120),
            "is_active": rng.random() > 0.1,
            "created_at": EPOCH + timedelta(hours=rng.randrange(0, 24 * 90)),
        },
    )
    product.tags.set(rng.sample(tags, k=rng.randrange(0, 4)))
    return product


def _customer(index: int) -> Customer:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[index % len(LAST_NAMES)]
    email = f"{slugify(first)}.{slugify(last)}@example.com"
    customer, _ = Customer.objects.update_or_create(
        email=email,
        defaults={
            "first_name": first,
            "last_name": last,
            "phone": f"+1-555-01{index:02d}",
            "credit_limit": Decimal(500 + 250 * (index % 8)),
            "joined_at": EPOCH + timedelta(days=index * 3),
        },
    )
    return customer


def _order(index: int, customer: Customer, products: list[Product], rng: random.Random) -> int:
    order, _ = Order.objects.update_or_create(
        reference=f"ORD-{index + 1:04d}",
        defaults={
            "customer": customer,
            "status": STATUS_CYCLE[index % len(STATUS_CYCLE)],
            "notes": "Leave at the front desk." if index % 7 == 0 else "",
            "placed_at": EPOCH + timedelta(days=30 + index * 2, hours=index % 9),
        },
    )
    lines = rng.sample(products, k=rng.randrange(1, 5))
    for product in lines:
        OrderItem.objects.update_or_create(
            order=order,
            product=product,
            defaults={"quantity": rng.randrange(1, 4), "unit_price": product.price},
        )
    # A line left over from an earlier version of the data would make the order differ.
    order.items.exclude(product__in=lines).delete()
    return len(lines)


def _demo_users(admin_password: str | None, viewer_password: str | None) -> tuple[str, ...]:
    user_model = get_user_model()
    created: list[str] = []
    if admin_password is not None:
        admin, is_new = user_model.objects.get_or_create(
            username=ADMIN_USERNAME,
            defaults={"email": "admin@example.com", "is_staff": True, "is_superuser": True},
        )
        if is_new:
            admin.set_password(admin_password)
            admin.save(update_fields=["password"])
        created.append(ADMIN_USERNAME)
    if viewer_password is not None:
        viewer, is_new = user_model.objects.get_or_create(
            username=VIEWER_USERNAME,
            # Staff so the viewer can sign in at /admin/ (view-only there too) to get a session.
            defaults={"email": "viewer@example.com", "is_staff": True},
        )
        if is_new:
            viewer.set_password(viewer_password)
            viewer.save(update_fields=["password"])
        view_permissions = Permission.objects.filter(
            content_type__app_label="store", codename__startswith="view_"
        )
        viewer.user_permissions.add(*view_permissions)
        created.append(VIEWER_USERNAME)
    return tuple(created)

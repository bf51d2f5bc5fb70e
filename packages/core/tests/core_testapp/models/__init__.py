"""Test models for core: the guide's storefront, every Django field type, inheritance, cycles."""

from core_testapp.models.field_zoo import Coupon, FieldZoo
from core_testapp.models.inheritance import (
    ActiveProduct,
    Department,
    Employee,
    Place,
    Restaurant,
)
from core_testapp.models.mutation_models import Bin, Invoice, Shelf, Voucher, Warehouse
from core_testapp.models.papers import Paper
from core_testapp.models.storefront import Category, Customer, Order, OrderItem, Product, Tag

__all__ = [
    "ActiveProduct",
    "Bin",
    "Category",
    "Coupon",
    "Customer",
    "Department",
    "Paper",
    "Employee",
    "FieldZoo",
    "Invoice",
    "Order",
    "OrderItem",
    "Place",
    "Product",
    "Restaurant",
    "Shelf",
    "Tag",
    "Voucher",
    "Warehouse",
]

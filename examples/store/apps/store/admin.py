"""Django admin for the storefront: where demo users log in before opening GraphiQL."""

from django.contrib import admin

from apps.store.models import Category, Customer, Order, OrderItem, Product, Tag


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "sku", "category", "price", "stock", "is_active"]
    list_filter = ["is_active", "category", "tags"]
    search_fields = ["name", "sku"]
    list_select_related = ["category"]
    filter_horizontal = ["tags"]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "joined_at"]
    search_fields = ["first_name", "last_name", "email"]


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0
    autocomplete_fields = ["product"]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["reference", "customer", "status", "placed_at"]
    list_filter = ["status"]
    search_fields = ["reference", "customer__email"]
    list_select_related = ["customer"]
    autocomplete_fields = ["customer"]
    date_hierarchy = "placed_at"
    inlines = [OrderItemInline]

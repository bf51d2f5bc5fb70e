"""The storefront of the Rail Django guide: categories, products, tags, customers and orders."""

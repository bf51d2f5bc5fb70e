"""Commands of the storefront app."""

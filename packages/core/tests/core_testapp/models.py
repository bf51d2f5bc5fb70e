"""Test models for core (the storefront of the guide plus every Django field type)."""

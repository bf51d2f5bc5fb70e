"""Models and URLs that core's tests drive the product through."""

"""A test app whose ``schemas.py`` registers schemas, as a user's app would."""

"""Generated read queries: list and retrieve fields, pagination, ordering, access rules."""

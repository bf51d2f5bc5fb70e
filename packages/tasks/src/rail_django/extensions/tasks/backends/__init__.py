"""Where jobs run: one dispatcher per engine, behind the one task backend of this package."""

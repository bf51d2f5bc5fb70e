"""Project apps."""

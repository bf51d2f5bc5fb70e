"""Models for the metadata tests: one field of each kind, a django-fsm-2 state machine."""

"""EMS Desktop — the counter application of a municipal sports school (École Municipale des Sports)."""

__version__ = "0.1.0"

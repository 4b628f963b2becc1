"""catpack's domain core: protocol, observation → stress, decisions, safety, trips.

Imports only the standard library, pydantic, numpy and thermofeel: no web,
database or CLI code, no clock and no I/O (tests/test_architecture.py).
"""

"""Use cases on top of the store: the only place that opens transactions.

Every function takes a :class:`~catpack.store.db.Database` and, where data
belongs to someone, an :class:`~catpack.services.views.Actor`; each call is
one transaction. They raise only :mod:`catpack.domain.errors` exceptions
(CoachInputError naming the field, NotFoundError, ConflictError,
ConfigError) — interfaces map those to HTTP statuses or exit codes.

Modules: ``users`` (accounts, tokens), ``cats`` (add/edit/list/delete),
``sessions`` (log, edit, delete, undo, history, audit), ``plans`` (today's
plan, trip plans, pauses), ``gear`` (backpacks, saved trips), ``transfer``
(export/import JSON, CSV), ``setup`` (open the database for an interface).
"""

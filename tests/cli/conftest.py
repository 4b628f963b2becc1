"""CLI tests run the real ``catpack`` entry point against a migrated database."""

from __future__ import annotations

import pytest

from catpack.settings import Settings


@pytest.fixture
def cli_env(db_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("CATPACK_DATABASE_URL", db_settings.resolved_database_url())
    if db_settings.database_schema:
        monkeypatch.setenv("CATPACK_DATABASE_SCHEMA", db_settings.database_schema)
    else:
        monkeypatch.delenv("CATPACK_DATABASE_SCHEMA", raising=False)
    monkeypatch.setenv("CATPACK_TIMEZONE", "Europe/Berlin")
    return db_settings

"""Every setting is documented in docs/storage.md; settings validate with one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from catpack.domain.errors import ConfigError
from catpack.settings import Settings, load_settings

DOCS = Path(__file__).resolve().parents[1] / "docs" / "storage.md"


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented(name: str) -> None:
    assert f"`CATPACK_{name.upper()}`" in DOCS.read_text(encoding="utf-8")


def test_documented_settings_exist() -> None:
    import re

    documented = set(re.findall(r"`CATPACK_([A-Z_]+)`", DOCS.read_text(encoding="utf-8")))
    known = {n.upper() for n in Settings.model_fields} | {"DEBUG", "TEST_POSTGRES_URL"}
    assert documented <= known


def test_environment_is_read_at_build_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CATPACK_PORT", "9001")
    assert load_settings().port == 9001
    monkeypatch.setenv("CATPACK_PORT", "not a port")
    with pytest.raises(ConfigError, match=r"^CATPACK_PORT: "):
        load_settings()
    with pytest.raises(ConfigError, match=r"^CATPACK_TIMEZONE: .*Mars/Olympus"):
        load_settings(port=1, timezone="Mars/Olympus")

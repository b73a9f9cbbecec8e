import pytest

from boclerk.services.numbers import next_number


def test_numbers_are_gapless_per_series_and_year_and_roll_back(db):
    with db.write("admin") as uow:
        assert next_number(uow, "SO", 2026) == "SO-2026-000001"
        assert next_number(uow, "SO", 2026) == "SO-2026-000002"
        assert next_number(uow, "PO", 2026) == "PO-2026-000001"
        assert next_number(uow, "SO", 2027) == "SO-2027-000001"
    with pytest.raises(RuntimeError):
        with db.write("admin") as uow:
            assert next_number(uow, "SO", 2026) == "SO-2026-000003"
            raise RuntimeError("rolled back")
    with db.write("admin") as uow:
        assert next_number(uow, "SO", 2026) == "SO-2026-000003"

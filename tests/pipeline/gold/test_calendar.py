"""dim_date: one row per day, pt-BR names, Brazilian national holidays."""

from __future__ import annotations

from datetime import date

import pyarrow as pa
import pytest

from pipeline.gold.calendar import COLUMNS, dim_date


@pytest.fixture(scope="module")
def calendar() -> dict[date, dict]:
    table = dim_date(date(2025, 1, 1), date(2026, 12, 31))
    return {row["date"]: row for row in table.to_pylist()}


def test_one_row_per_day_in_range_with_documented_columns() -> None:
    table = dim_date(date(2024, 2, 27), date(2024, 3, 2))  # leap year: 27, 28, 29 Feb, 1, 2 Mar
    assert table.num_rows == 5
    assert table.column_names == list(COLUMNS)
    assert table.schema.field("date").type == pa.date32()
    assert table.column("date").to_pylist() == [
        date(2024, 2, 27), date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1), date(2024, 3, 2)
    ]  # fmt: skip
    assert dim_date(date(2025, 1, 1), date(2025, 12, 31)).num_rows == 365
    assert dim_date(date(2025, 5, 5), date(2025, 5, 5)).num_rows == 1


def test_start_after_end_is_refused() -> None:
    with pytest.raises(ValueError, match="after end"):
        dim_date(date(2025, 2, 1), date(2025, 1, 1))


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2025, 12, 25), "Natal"),
        (date(2026, 4, 21), "Tiradentes"),
        (date(2025, 11, 20), "Dia Nacional de Zumbi e da Consciência Negra"),  # national since 2024
        (date(2026, 9, 7), "Independência do Brasil"),
        (date(2026, 4, 3), "Sexta-feira Santa"),  # Good Friday: Easter 2026 is 5 April
        (date(2025, 1, 1), "Confraternização Universal"),
    ],
)
def test_national_holidays_are_named_in_portuguese(
    calendar: dict[date, dict], day: date, name: str
) -> None:
    assert calendar[day]["is_holiday"] is True
    assert calendar[day]["holiday_name"] == name
    assert calendar[day]["is_business_day"] is False


def test_ordinary_day_has_no_holiday(calendar: dict[date, dict]) -> None:
    row = calendar[date(2026, 4, 22)]  # Wednesday after Tiradentes
    assert (row["is_holiday"], row["holiday_name"], row["is_business_day"]) == (False, None, True)
    # State holidays (e.g. São Paulo's 9 July) are not national.
    assert calendar[date(2025, 7, 9)]["is_holiday"] is False


def test_weekend_and_week_fields(calendar: dict[date, dict]) -> None:
    saturday = calendar[date(2025, 3, 15)]
    assert saturday["is_weekend"] is True
    assert saturday["is_business_day"] is False
    assert (saturday["day_of_week"], saturday["day_name_pt"]) == (6, "sábado")
    assert saturday["week_start"] == date(2025, 3, 10)
    monday = calendar[date(2025, 3, 10)]
    assert (monday["is_weekend"], monday["day_of_week"], monday["day_name_pt"]) == (
        False, 1, "segunda-feira"
    )  # fmt: skip
    assert monday["week_start"] == date(2025, 3, 10)
    # 1 January 2026 is a Thursday in ISO week 1 of 2026; 31 December 2025 too.
    assert (calendar[date(2025, 12, 31)]["iso_year"], calendar[date(2025, 12, 31)]["iso_week"]) == (
        2026, 1
    )  # fmt: skip
    assert calendar[date(2025, 12, 31)]["year"] == 2025
    assert calendar[date(2025, 12, 29)]["week_start"] == date(2025, 12, 29)


def test_month_and_quarter_in_portuguese(calendar: dict[date, dict]) -> None:
    names = {day.month: row["month_name_pt"] for day, row in calendar.items()}
    assert names == {
        1: "janeiro", 2: "fevereiro", 3: "março", 4: "abril", 5: "maio", 6: "junho",
        7: "julho", 8: "agosto", 9: "setembro", 10: "outubro", 11: "novembro", 12: "dezembro",
    }  # fmt: skip
    assert [calendar[date(2025, m, 1)]["quarter"] for m in (1, 3, 4, 6, 7, 9, 10, 12)] == [
        1, 1, 2, 2, 3, 3, 4, 4
    ]  # fmt: skip
    days = {row["day_name_pt"] for row in calendar.values()}
    assert days == {
        "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
        "sábado", "domingo",
    }  # fmt: skip

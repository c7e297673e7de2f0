"""dim_date: one row per calendar day, with Brazilian national holidays named in pt-BR."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pyarrow as pa

KEY = ("date",)

MONTH_NAMES_PT = (
    "janeiro", "fevereiro", "março", "abril", "maio", "junho",
    "julho", "agosto", "setembro", "outubro", "novembro", "dezembro",
)  # fmt: skip
DAY_NAMES_PT = (
    "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
    "sábado", "domingo",
)  # fmt: skip

COLUMNS: dict[str, str] = {
    "date": "calendar day (key; local date, no time zone)",
    "year": "calendar year",
    "quarter": "calendar quarter, 1-4",
    "month": "month number, 1-12",
    "month_name_pt": "month name in pt-BR, lower case (janeiro ... dezembro)",
    "day": "day of the month, 1-31",
    "iso_year": "ISO-8601 week-numbering year (differs from year around 1 January)",
    "iso_week": "ISO-8601 week number, 1-53",
    "week_start": "Monday of the day's ISO week",
    "day_of_week": "ISO day of the week: 1 = Monday ... 7 = Sunday",
    "day_name_pt": "day name in pt-BR, lower case (segunda-feira ... domingo)",
    "is_weekend": "Saturday or Sunday",
    "is_holiday": "a Brazilian national public holiday",
    "holiday_name": "holiday name in pt-BR (several joined by '; '); null on other days",
    "is_business_day": "neither a weekend nor a national holiday",
}

SCHEMA = pa.schema(
    [
        ("date", pa.date32()),
        ("year", pa.int32()),
        ("quarter", pa.int32()),
        ("month", pa.int32()),
        ("month_name_pt", pa.string()),
        ("day", pa.int32()),
        ("iso_year", pa.int32()),
        ("iso_week", pa.int32()),
        ("week_start", pa.date32()),
        ("day_of_week", pa.int32()),
        ("day_name_pt", pa.string()),
        ("is_weekend", pa.bool_()),
        ("is_holiday", pa.bool_()),
        ("holiday_name", pa.string()),
        ("is_business_day", pa.bool_()),
    ]
)


def brazil_holidays(start: date, end: date) -> dict[date, str]:
    """National public holidays of Brazil between start and end (inclusive), named in pt-BR."""
    calendar = holidays.Brazil(years=range(start.year, end.year + 1), language="pt_BR")
    return {day: name for day, name in calendar.items() if start <= day <= end}


def dim_date(start: date, end: date) -> pa.Table:
    """The calendar dimension: one row per day from start to end, both included."""
    if start > end:
        raise ValueError(f"dim_date: start {start} is after end {end}")
    days = [start + timedelta(days=offset) for offset in range((end - start).days + 1)]
    holiday_names = brazil_holidays(start, end)
    iso = [day.isocalendar() for day in days]
    names = [holiday_names.get(day) for day in days]
    is_weekend = [day.isoweekday() >= 6 for day in days]
    columns = {
        "date": days,
        "year": [day.year for day in days],
        "quarter": [(day.month - 1) // 3 + 1 for day in days],
        "month": [day.month for day in days],
        "month_name_pt": [MONTH_NAMES_PT[day.month - 1] for day in days],
        "day": [day.day for day in days],
        "iso_year": [week.year for week in iso],
        "iso_week": [week.week for week in iso],
        "week_start": [day - timedelta(days=day.isoweekday() - 1) for day in days],
        "day_of_week": [day.isoweekday() for day in days],
        "day_name_pt": [DAY_NAMES_PT[day.isoweekday() - 1] for day in days],
        "is_weekend": is_weekend,
        "is_holiday": [name is not None for name in names],
        "holiday_name": names,
        "is_business_day": [
            not weekend and name is None for weekend, name in zip(is_weekend, names, strict=True)
        ],
    }
    return pa.table(columns, schema=SCHEMA)

"""CSV and .xlsx files of a list (the worklist, a purchase proposal) for planners.

Each export names its columns once (``Column``): the field, its pt-BR and English headers and
its kind, which decides how a value is written:

- ``.xlsx`` (XlsxWriter): item and other codes are text cells (``002670`` stays ``002670``),
  money in a BRL number format, dates as real dates shown dd/mm/aaaa, codes such as a status
  translated in pt-BR; a header row with filters, frozen.
- CSV in pt-BR (the default): UTF-8 with a BOM, ``;`` between fields and a decimal comma, as
  Excel in pt-BR expects; pt-BR headers, translated values, dates dd/mm/aaaa. CSV has no cell
  types: codes are written exactly as the ERP has them, with nothing added (an apostrophe, a
  ``="..."`` formula or an invisible character would become part of the value for every other
  program). Excel's double-click still reads a code of digits as a number: for Excel, the
  ``.xlsx`` keeps codes as text (or import the CSV with Dados > De Texto/CSV, column as Texto).
- CSV in English (``lang=en``): the field names as headers and raw values (ISO dates, codes),
  ``,`` and ``.`` unless asked otherwise: for scripts.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

import xlsxwriter
from xlsxwriter.utility import xl_range

if TYPE_CHECKING:
    from backend.deps import CachedAnswer

Kind = Literal["code", "text", "label", "int", "num", "brl", "date", "share", "bool"]
Lang = Literal["pt-BR", "en"]

# Values a planner reads in pt-BR (the dashboard's words).
LABELS_PT: dict[str, str] = {
    "stockout": "Ruptura",
    "critical": "Crítico",
    "reorder": "Repor",
    "excess": "Excesso",
    "ok": "OK",
    "no_demand": "Sem demanda",
    "smooth": "Regular",
    "erratic": "Errática",
    "intermittent": "Intermitente",
    "lumpy": "Esporádica",
    "short_history": "Histórico curto",
    "no_recent_demand": "Sem demanda recente",
    "history": "Histórico",
    "nominal": "Nominal do fornecedor",
    "below_safety_stock": "Abaixo do estoque de segurança",
    "below_reorder_point": "Abaixo do ponto de pedido",
    "excess_elsewhere": "Excesso em outro CD",
}
XLSX_FORMATS = {
    "code": {"num_format": "@"},
    "text": {"num_format": "@"},
    "label": {"num_format": "@"},
    "int": {"num_format": "#,##0"},
    "num": {"num_format": "#,##0.00"},
    "brl": {"num_format": '"R$" #,##0.00'},
    "date": {"num_format": "dd/mm/yyyy"},
    "share": {"num_format": "0.0%"},
    "bool": {},
}
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    field: str
    header_pt: str
    kind: Kind = "text"
    width: int = 12

    def header(self, lang: Lang) -> str:
        return self.header_pt if lang == "pt-BR" else self.field


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def csv_cell(column: Column, value: Any, lang: Lang, decimal: str) -> str:
    """One CSV field: pt-BR words and dates for a planner, raw values in English."""
    if value is None:
        return ""
    if column.kind == "label":
        return LABELS_PT.get(str(value), str(value)) if lang == "pt-BR" else str(value)
    if column.kind == "bool":
        return ("Sim" if value else "Não") if lang == "pt-BR" else str(bool(value)).lower()
    if column.kind == "date" and isinstance(value, date | datetime):
        return value.strftime("%d/%m/%Y") if lang == "pt-BR" else value.isoformat()
    if column.kind in ("int", "num", "brl", "share"):
        number = _number(value)
        if number is None:
            return ""
        digits = 0 if column.kind == "int" else 2 if column.kind == "brl" else 4
        text = f"{number:.{digits}f}"
        if digits and column.kind != "brl":
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", decimal)
    return str(value)


def csv_bytes(
    columns: Sequence[Column],
    rows: Iterable[dict[str, Any]],
    lang: Lang = "pt-BR",
    sep: str | None = None,
    decimal: str | None = None,
) -> bytes:
    """The CSV file; pt-BR: ``;``, decimal comma and a BOM unless ``sep``/``decimal`` say
    (a BOM whenever the file is for Excel: pt-BR or ``;``)."""
    sep = sep or (";" if lang == "pt-BR" else ",")
    decimal = decimal or ("," if sep == ";" else ".")
    if sep == decimal:
        raise ValueError("sep and decimal must differ")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow([c.header(lang) for c in columns])
    for row in rows:
        writer.writerow([csv_cell(c, row.get(c.field), lang, decimal) for c in columns])
    bom = "\ufeff" if lang == "pt-BR" or sep == ";" else ""
    return (bom + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    sheet: str,
    columns: Sequence[Column],
    rows: Iterable[dict[str, Any]],
    totals: Sequence[str] = (),
) -> bytes:
    """An .xlsx workbook of one sheet: pt-BR headers, codes as text, BRL and date formats;
    a last row "Total" sums the ``totals`` fields (a SUM formula, its value stored too)."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    worksheet = workbook.add_worksheet(sheet[:31])
    header = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "text_wrap": True})
    formats = {kind: workbook.add_format(spec) for kind, spec in XLSX_FORMATS.items()}
    for col, column in enumerate(columns):
        worksheet.write_string(0, col, column.header_pt, header)
        worksheet.set_column(col, col, column.width, formats[column.kind])
    count = 0
    sums = dict.fromkeys(totals, 0.0)
    for count, row in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            _write(worksheet, count, col, column, row.get(column.field), formats)
        for field in sums:
            sums[field] += _number(row.get(field)) or 0.0
    if sums:
        _total_row(workbook, worksheet, count + 1, columns, sums)
    worksheet.freeze_panes(1, 0)
    worksheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    workbook.close()
    return output.getvalue()


def _total_row(
    workbook: Any, worksheet: Any, row: int, columns: Sequence[Column], sums: dict[str, float]
) -> None:
    """ "Total" in the first column, a SUM of the rows above under each summed column."""
    worksheet.write_string(row, 0, "Total", workbook.add_format({"bold": True}))
    for col, column in enumerate(columns):
        if column.field in sums:
            bold = workbook.add_format({**XLSX_FORMATS[column.kind], "bold": True})
            cells = xl_range(1, col, row - 1, col)
            worksheet.write_formula(row, col, f"=SUM({cells})", bold, round(sums[column.field], 2))


def _write(worksheet: Any, row: int, col: int, column: Column, value: Any, formats: dict) -> None:
    cell_format = formats[column.kind]
    if value is None:
        worksheet.write_blank(row, col, None, cell_format)
    elif column.kind in ("code", "text"):
        worksheet.write_string(row, col, str(value), cell_format)
    elif column.kind == "label":
        worksheet.write_string(row, col, LABELS_PT.get(str(value), str(value)), cell_format)
    elif column.kind == "bool":
        worksheet.write_string(row, col, "Sim" if value else "Não", cell_format)
    elif column.kind == "date":
        worksheet.write_datetime(row, col, value, cell_format)
    elif (number := _number(value)) is not None:
        worksheet.write_number(row, col, number, cell_format)
    else:
        worksheet.write_blank(row, col, None, cell_format)


def attachment(body: bytes, filename: str, media_type: str, snapshot_id: str) -> dict[str, Any]:
    """Keyword arguments of a ``Response`` that downloads ``body`` as ``filename``."""
    return {
        "content": body,
        "media_type": media_type,
        "headers": {
            "Content-Disposition": f'attachment; filename="{filename}"',
            "X-Snapshot-Id": snapshot_id,
        },
    }


def cached_bytes(cache: CachedAnswer, build: Callable[[], bytes]) -> bytes:
    """A file answer through the request's cache entry (``CacheDep``: the key carries the
    snapshot, the path and the sorted query, so a .csv and an .xlsx never share one)."""
    body = cache.cache.get(cache.key)
    if body is None:
        body = build()
        cache.cache.set(cache.key, body)
    return body

"""Writing tables for spreadsheets and pandas: CSV, JSON, XLSX (one sheet per table) and Parquet."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from lessons.errors import QueryError

FORMATS = ("csv", "json", "xlsx", "parquet")
XLSX_CELL_LIMIT = 32_767  # Excel refuses longer cells
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def export_tables(tables: dict[str, pd.DataFrame], fmt: str, out: Path) -> list[Path]:
    """Write each table; XLSX goes to one workbook at `out`, other formats to `out/<table>.<fmt>`."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    if fmt == "xlsx":
        workbook = out if out.suffix == ".xlsx" else out.with_suffix(".xlsx")
        workbook.parent.mkdir(parents=True, exist_ok=True)
        with pd.ExcelWriter(workbook, engine="openpyxl") as writer:
            for name, frame in tables.items():
                for_excel(frame).to_excel(writer, sheet_name=name[:31], index=False)
        return [workbook]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.items():
        target = out / f"{name}.{fmt}"
        if fmt == "csv":
            frame.to_csv(target, index=False)
        elif fmt == "json":
            frame.to_json(target, orient="records", date_format="iso", indent=2, force_ascii=False)
        else:
            _for_parquet(frame).to_parquet(target, index=False)
        written.append(target)
    return written


def for_excel(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(_excel_cell)
        elif isinstance(frame[column].dtype, pd.DatetimeTZDtype):
            frame[column] = frame[column].dt.tz_localize(None)  # Excel has no time zones
    return frame


def _excel_cell(value: object) -> object:
    if isinstance(value, list | dict):
        value = str(value)
    return excel_text(value) if isinstance(value, str) else value


def excel_text(text: str) -> str:
    """Text a worksheet cell can hold: control characters (which XLSX cannot store) dropped, and cut to
    Excel's limit."""
    text = _XLSX_ILLEGAL.sub("", text)
    return text if len(text) <= XLSX_CELL_LIMIT else text[: XLSX_CELL_LIMIT - 14] + " [truncated]"


def _for_parquet(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].map(lambda v: isinstance(v, list | dict)).any():
            frame[column] = frame[column].map(str)
    return frame

"""The raw-data contract (docs/data-contract.md): schemas, reader and validator."""

from pipeline.contract.landing import (
    LandingReport,
    ValidationResult,
    validate_file,
    validate_landing,
    validate_raw,
)
from pipeline.contract.reader import RawFile, UnreadableFile, read_raw
from pipeline.contract.schema import RULES, SOURCES, Column, Kind, Source, get_source
from pipeline.contract.validate import arrow_schema

__all__ = [
    "RULES",
    "SOURCES",
    "Column",
    "Kind",
    "LandingReport",
    "RawFile",
    "Source",
    "UnreadableFile",
    "ValidationResult",
    "arrow_schema",
    "get_source",
    "read_raw",
    "validate_file",
    "validate_landing",
    "validate_raw",
]

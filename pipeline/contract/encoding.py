"""Bytes to text for landing files: the encoding of a CSV, and gzip-compressed files.

Text is UTF-8 when the whole file decodes as UTF-8, else Windows-1252 (what Brazilian ERPs on
Windows write: a superset of Latin-1 for text, with curly quotes and dashes), Latin-1, or "mixed"
when a file holds lines of both (rows from two systems), read line by line.
"""

from __future__ import annotations

import codecs
import gzip
import re
import shutil
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

GZIP_MAGIC = b"\x1f\x8b"
WINDOWS_1252 = "windows-1252"
# Bytes Windows-1252 leaves undefined: a file holding one is read as Latin-1 instead.
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
CHUNK = 1 << 20
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


class UnreadableFile(Exception):
    """The file is not a CSV or Parquet file this reader can make sense of, or cannot be read."""


def detect_encoding(path: Path) -> str:
    """UTF-8 when the whole file decodes as UTF-8. Else Windows-1252 when the file uses its
    characters (curly quotes, dashes: bytes 0x80-0x9F), Latin-1 when it holds none of them (the
    two then read the same) or a byte Windows-1252 leaves undefined; or "mixed" when the file
    also holds UTF-8 encoded characters (rows from two systems)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as f:
        try:
            while chunk := f.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return _single_byte_encoding(path)
    return "utf-8"


def _single_byte_encoding(path: Path) -> str:
    utf8 = c1 = undefined = False
    with path.open("rb") as f:
        tail = b""
        while chunk := f.read(CHUNK):
            utf8 = utf8 or bool(_UTF8_MULTIBYTE.search(tail + chunk))
            c1 = c1 or bool(_C1_BYTES.search(chunk))
            undefined = undefined or bool(_CP1252_UNDEFINED.search(chunk))
            tail = chunk[-3:]
    if utf8:
        return "mixed"
    return WINDOWS_1252 if c1 and not undefined else "latin-1"


def decode_line(line: bytes) -> tuple[str, bool]:
    """A line as text: UTF-8 when it is (True), else Windows-1252 or Latin-1 (False)."""
    try:
        return line.decode("utf-8"), True
    except UnicodeDecodeError:
        pass
    try:
        return line.decode(WINDOWS_1252), False
    except UnicodeDecodeError:
        return line.decode("latin-1"), False


@contextmanager
def as_utf8(
    path: Path, encoding: str | None, name: str, notes: list[str], folder: Path | None
) -> Iterator[Path]:
    """The file itself, or for a mixed-encoding file a UTF-8 copy in which every line that is
    not valid UTF-8 was decoded as Windows-1252 (line breaks kept, so row numbers do not move);
    a note saying so is added to `notes`."""
    if encoding != "mixed":
        yield path
        return
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        target = Path(tmp) / "utf8.csv"
        latin: list[int] = []
        with path.open("rb") as source, target.open("wb") as out:
            for number, line in enumerate(source, start=1):
                text, is_utf8 = decode_line(line)
                if not is_utf8:
                    line = text.encode("utf-8")
                    latin.append(number)
                out.write(line)
        notes.append(
            f"{name}: mixed encoding: {len(latin)} line(s) not in UTF-8 were read as "
            f"Windows-1252 (lines {latin[:10]}), the others as UTF-8"
        )
        yield target


def is_gzip(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(2) == GZIP_MAGIC


@contextmanager
def decompressed(path: Path, name: str, folder: Path | None) -> Iterator[Path]:
    """A gzip file's content in a temporary file (streamed: memory stays bounded)."""
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        target = Path(tmp) / "decompressed.csv"
        try:
            with gzip.open(path, "rb") as source, target.open("wb") as out:
                shutil.copyfileobj(source, out, CHUNK)
        except (OSError, EOFError, zlib.error) as exc:
            raise UnreadableFile(
                f"{name}: gzip-compressed, but cannot be decompressed ({exc})"
            ) from exc
        yield target

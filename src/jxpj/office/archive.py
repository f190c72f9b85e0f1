"""Byte-identical Office files: an .xlsx or .docx is a zip whose entries carry the time of
writing. Rewriting it with a fixed time (and a fixed order) makes the same input give the same
bytes, which golden tests and reviewers' diffs rely on. The libraries also stamp the document's
"modified" property with the clock on save; that stamp is set here to the document's own date."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can hold
FIXED_TIME = datetime(2000, 1, 1)  # a document's created/modified time when it has no date of its own


CORE = "docProps/core.xml"
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def normalize(path: str | Path, stamp: datetime) -> None:
    """Rewrite the zip at ``path`` with fixed entry times and ``stamp`` as its modified time,
    keeping each entry's order and bytes otherwise."""
    p = Path(path)
    with zipfile.ZipFile(p) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    entries = [
        (name, _MODIFIED.sub(rb"\g<1>" + when + rb"\g<2>", data) if name == CORE else data)
        for name, data in entries
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    p.write_bytes(buffer.getvalue())


def document_time(day: date | None) -> datetime:
    """A document's created/modified time: its report date, else :data:`FIXED_TIME`."""
    return datetime(day.year, day.month, day.day) if day else FIXED_TIME

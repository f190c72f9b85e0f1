"""The checks an Office file passes before any library parses it: readable, a zip, and small
enough unpacked that a zip bomb or an entity bomb stops here with a located message."""

from __future__ import annotations

import importlib
import os
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from pathlib import Path
from typing import NoReturn

from jxpj.errors import Problem, ProblemsError, UsageError

MAX_FILE = 50 * 1024 * 1024
MAX_UNPACKED = 50 * 1024 * 1024
MAX_RATIO = 200  # ordinary XML deflates 10-30x; a bomb's members deflate thousands of times
RATIO_FROM = 1024 * 1024  # small members may deflate well by chance (a sheet of blank cells)
MAX_MEMBERS = 5000
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls and .doc (Office 97-2003)
CHECK = "form-file"

# Office XML never declares a DTD; a DOCTYPE is how entity bombs (billion laughs) are built.
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_MEMBER = (".xml", ".rels", ".vml")

# What unzipping or parsing a damaged package raises; anything else is a bug and should show.
DAMAGED: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    OSError,
    EOFError,
    zlib.error,
    NotImplementedError,  # a zip member compressed with a method zipfile does not know
    ET.ParseError,
)


def damaged() -> tuple[type[BaseException], ...]:
    """DAMAGED and, when lxml is installed (openpyxl and python-docx parse some parts with it),
    lxml's errors; imported here, at read time, so importing jxpj.forms stays light."""
    try:
        etree = importlib.import_module("lxml.etree")
    except ImportError:
        return DAMAGED
    return (*DAMAGED, etree.LxmlError)


def refuse(shown: str, message: str) -> NoReturn:
    """Stop with one problem about the whole file (line 1, column 1)."""
    raise ProblemsError([Problem(shown, 1, 1, message, CHECK)])


def check_package(path: str | Path, shown: str, kind: str) -> None:
    """Stop unless ``path`` is a zip an Office library can safely open; ``kind`` is ".xlsx"/".docx"."""
    try:
        size = os.stat(path).st_size
        with open(path, "rb") as handle:
            head = handle.read(len(OLE2))
    except IsADirectoryError:
        raise UsageError(f"{shown}: is a folder, expected a {kind} file") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    if head == OLE2:
        refuse(shown, f"the file is in the Office 97-2003 format (.xls/.doc), not {kind}; open it and save it as {kind}")
    if size > MAX_FILE:
        refuse(shown, f"file is {size:,} bytes; jxpj reads forms of at most {MAX_FILE:,}")
    try:
        with zipfile.ZipFile(path) as archive:
            _check_members(archive, shown, kind)
    except zipfile.BadZipFile as exc:
        refuse(shown, f"not a readable {kind} file ({exc}); it may be damaged or another kind of file; save it again as {kind}")
    except (OSError, EOFError, zlib.error, NotImplementedError) as exc:
        refuse(shown, f"the {kind} package is damaged ({exc}); save it again as {kind}")


def _check_members(archive: zipfile.ZipFile, shown: str, kind: str) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        refuse(shown, f"the package holds {len(infos):,} parts; a {kind} form has a few dozen")
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED:
        refuse(shown, f"the package unpacks to {unpacked:,} bytes; jxpj reads forms of at most {MAX_UNPACKED:,}")
    for info in infos:
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            refuse(shown, f"part {info.filename} unpacks {ratio:,} times its size; refused as a possible zip bomb")
    for info in infos:
        if info.filename.lower().endswith(_XML_MEMBER) and _declares_dtd(archive, info):
            refuse(shown, f"part {info.filename} declares a DTD (<!DOCTYPE>), which Office files never do; refused as a possible entity bomb")


def _declares_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the part holds ``<!DOCTYPE``/``<!ENTITY`` anywhere: a long comment before a DTD hid
    it from a look at the first 4 KB only. Read in chunks that overlap by the longest match."""
    tail = b""
    with archive.open(info) as member:
        while chunk := member.read(1 << 16):
            if _DTD.search(tail + chunk):
                return True
            tail = chunk[-32:]
    return False

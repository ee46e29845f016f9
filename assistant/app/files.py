"""Reads uploaded documentation (.txt, .pdf, .docx) into note text, or raises InputError with one clear line."""
from __future__ import annotations

import os
from pathlib import Path

from assistant.models import InputError
from assistant.pipeline import check_note

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # a scanned-free PDF/DOCX of one case is far smaller
MAX_PDF_PAGES = 200
TEXT_TYPES = {".txt", ".text"}
DOC_TYPES = {".pdf", ".docx"}
ACCEPTED = sorted(TEXT_TYPES | DOC_TYPES)


def _pdf_text(path: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise InputError("the PDF is password-protected; export an unprotected copy")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise InputError(f"the PDF has {len(reader.pages)} pages; the limit is {MAX_PDF_PAGES} for one case")
        text = "\n".join((page.extract_text() or "") for page in reader.pages)
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        raise InputError("the file is not a readable PDF") from None
    if not text.strip():
        raise InputError("the PDF has no text layer (a scan?); paste the note text or upload the text export")
    return text


def _docx_text(path: str) -> str:
    import zipfile

    from docx import Document

    try:
        document = Document(path)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InputError("the file is not a readable .docx document") from None
    except Exception as error:  # python-docx raises its own PackageNotFoundError and friends
        raise InputError(f"the file is not a readable .docx document ({type(error).__name__})") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("  ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def read_document(path: str, name: str | None = None, notices: list[str] | None = None) -> str:
    """Text of one uploaded file, checked like a pasted note; an encoding other than UTF-8 is named in notices."""
    name = name or os.path.basename(path)
    suffix = Path(name).suffix.lower()
    if suffix not in TEXT_TYPES | DOC_TYPES:
        raise InputError(f"{suffix or 'files without an extension'} is not accepted; upload {', '.join(ACCEPTED)}")
    size = os.path.getsize(path)
    if suffix in TEXT_TYPES:
        from assistant.settings import get_settings

        limit = get_settings().max_note_bytes
        if size > limit:
            raise InputError(f"the file is {size:,} bytes; the limit is {limit:,} bytes (one case's documentation)")
        with open(path, "rb") as handle:
            return check_note(handle.read(), notices)
    if size > MAX_DOCUMENT_BYTES:
        raise InputError(f"the file is {size:,} bytes; the limit for .pdf/.docx is {MAX_DOCUMENT_BYTES:,} bytes")
    text = _pdf_text(path) if suffix == ".pdf" else _docx_text(path)
    return check_note(text)


def read_documents(paths: list[str], notices: list[str] | None = None) -> str:
    """Several files of one case (pre-op, anesthesia record, op note) joined in upload order."""
    texts = []
    for path in paths:
        try:
            found: list[str] = []
            texts.append(read_document(path, notices=found).strip("\n"))
            if notices is not None:
                notices.extend(f"{os.path.basename(path)}: {n}" for n in found)
        except InputError as error:
            raise InputError(f"{os.path.basename(path)}: {error}") from None
    return check_note("\n\n".join(texts))

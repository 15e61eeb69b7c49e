"""A browser's POST upload read the way the emulator will read it, so the policy is checked
against exactly the fields and file it stores.

moto parses the form with Flask, that is with werkzeug's multipart decoder and werkzeug's rules for
each part's charset; this module uses the same decoder and the same charset rule. Where S3 and
moto differ on odd forms, the form is refused rather than guessed at: moto stores the last part
that has a filename, whatever its name, and keeps fields that follow the file (S3 ignores those),
so a form must have one file part, named `file`, and it must come last.
"""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import MultiPartParser
from werkzeug.http import parse_options_header
from werkzeug.sansio.multipart import Data, Epilogue, Field, File, MultipartDecoder, NeedData

from app.local.guard.refusals import Reason, Refused

FILE_FIELD = "file"
# Flask's own default (MAX_FORM_PARTS): a form with more parts is refused there too.
MAX_PARTS = 1000


@dataclass(frozen=True, slots=True)
class PostForm:
    """The fields before the file (names lower-cased: S3 matches them without case) and the file."""

    fields: dict[str, str]
    file_size: int
    filename: str


def read_form(content_type: str, body: bytes) -> PostForm:
    mimetype, options = parse_options_header(content_type)
    boundary = options.get("boundary", "")
    if mimetype != "multipart/form-data" or not boundary:
        raise Refused(Reason.BAD_FORM, "a POST upload is multipart/form-data")
    decoder = MultipartDecoder(boundary.encode(), max_parts=MAX_PARTS)
    decoder.receive_data(body)
    decoder.receive_data(None)
    try:
        return _parts(decoder)
    except ValueError as error:  # werkzeug's word for a form it cannot decode
        raise Refused(Reason.BAD_FORM, f"the form cannot be read ({error})") from None
    except RequestEntityTooLarge:
        raise Refused(Reason.BAD_FORM, f"a form has at most {MAX_PARTS} parts") from None


def _parts(decoder: MultipartDecoder) -> PostForm:
    charset_of = MultiPartParser().get_part_charset
    fields: dict[str, str] = {}
    part: Field | File | None = None
    chunks: list[bytes] = []
    file: PostForm | None = None
    while not isinstance(event := decoder.next_event(), Epilogue | NeedData):
        if isinstance(event, Field | File):
            if file is not None:
                raise Refused(Reason.BAD_FORM, "the file must be the last part of the form")
            if isinstance(event, File) and event.name != FILE_FIELD:
                raise Refused(Reason.BAD_FORM, f"only the {FILE_FIELD!r} part may carry a file")
            part, chunks = event, []
        elif isinstance(event, Data) and part is not None:
            chunks.append(event.data)
            if event.more_data:
                continue
            if part.name == FILE_FIELD:
                filename = part.filename if isinstance(part, File) else ""
                file = PostForm(fields, sum(map(len, chunks)), filename)
                continue
            name = part.name.lower()
            if name in fields:
                raise Refused(Reason.BAD_FORM, f"the field {part.name!r} appears more than once")
            fields[name] = b"".join(chunks).decode(charset_of(part.headers), "replace")
    if file is None:
        raise Refused(Reason.BAD_FORM, "POST requires exactly one file upload per request.")
    return file

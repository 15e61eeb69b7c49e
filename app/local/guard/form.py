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
SLICE = 1 << 20


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
    try:
        return _Reader(MultipartDecoder(boundary.encode(), max_parts=MAX_PARTS)).read(body)
    except ValueError as error:  # werkzeug's word for a form it cannot decode
        raise Refused(Reason.BAD_FORM, f"the form cannot be read ({error})") from None
    except RequestEntityTooLarge:
        raise Refused(Reason.BAD_FORM, f"a form has at most {MAX_PARTS} parts") from None


class _Reader:
    """Feeds the decoder a slice at a time and keeps only the fields: a file of hundreds of MiB is
    counted, never copied."""

    def __init__(self, decoder: MultipartDecoder) -> None:
        self._decoder = decoder
        self._charset_of = MultiPartParser().get_part_charset
        self._fields: dict[str, str] = {}
        self._part: Field | File | None = None
        self._chunks: list[bytes] = []
        self._file_size = 0
        self._file: PostForm | None = None

    def read(self, body: bytes) -> PostForm:
        view = memoryview(body)
        for start in range(0, len(body), SLICE):
            self._decoder.receive_data(bytes(view[start : start + SLICE]))
            self._drain()
        self._decoder.receive_data(None)
        self._drain()
        if self._file is None:
            raise Refused(Reason.BAD_FORM, "POST requires exactly one file upload per request.")
        return self._file

    def _drain(self) -> None:
        while not isinstance(event := self._decoder.next_event(), Epilogue | NeedData):
            if isinstance(event, Field | File):
                self._start(event)
            elif isinstance(event, Data) and self._part is not None:
                self._data(self._part, event)

    def _start(self, part: Field | File) -> None:
        if self._file is not None:
            raise Refused(Reason.BAD_FORM, "the file must be the last part of the form")
        if isinstance(part, File) and part.name != FILE_FIELD:
            raise Refused(Reason.BAD_FORM, f"only the {FILE_FIELD!r} part may carry a file")
        self._part, self._chunks, self._file_size = part, [], 0

    def _data(self, part: Field | File, event: Data) -> None:
        if part.name == FILE_FIELD:
            self._file_size += len(event.data)
            if not event.more_data:
                filename = part.filename if isinstance(part, File) else ""
                self._file = PostForm(self._fields, self._file_size, filename)
            return
        self._chunks.append(event.data)
        if event.more_data:
            return
        name = part.name.lower()
        if name in self._fields:
            raise Refused(Reason.BAD_FORM, f"the field {part.name!r} appears more than once")
        self._fields[name] = b"".join(self._chunks).decode(self._charset_of(part.headers), "replace")

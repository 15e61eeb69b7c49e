"""Facts worth keeping from an image's EXIF: camera, lens, capture time, and whether it says where
it was taken. Coordinates are read only when the preset keeps the location; outputs never carry
EXIF at all (see encode.py), so nothing here reaches a published file.

EXIF is attacker-controlled: every value is type-checked, length-capped and allowed to be missing.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from PIL import ExifTags, Image

_MAX_TEXT = 80
_EXIF_DATE = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET = re.compile(r"^[+-]\d{2}:\d{2}$")
_GPS_LAT, _GPS_LAT_REF = ExifTags.GPS.GPSLatitude, ExifTags.GPS.GPSLatitudeRef
_GPS_LON, _GPS_LON_REF = ExifTags.GPS.GPSLongitude, ExifTags.GPS.GPSLongitudeRef
_GPS_ALT, _GPS_ALT_REF = ExifTags.GPS.GPSAltitude, ExifTags.GPS.GPSAltitudeRef


def exif_facts(image: Image.Image, *, keep_location: bool) -> dict[str, Any]:
    """camera make/model, lens, capturedAt (ISO 8601), copyright, hasLocation, and `location`
    ({latitude, longitude[, altitude]}) only when `keep_location` is set."""
    try:
        exif = image.getexif()
        details = exif.get_ifd(ExifTags.IFD.Exif)
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except Exception:
        return {"hasLocation": False}
    facts: dict[str, Any] = {
        "cameraMake": _text(exif.get(ExifTags.Base.Make)),
        "cameraModel": _text(exif.get(ExifTags.Base.Model)),
        "lens": _text(details.get(ExifTags.Base.LensModel)),
        "copyright": _text(exif.get(ExifTags.Base.Copyright)),
        "capturedAt": _captured_at(
            details.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime),
            details.get(ExifTags.Base.OffsetTimeOriginal),
        ),
    }
    location = _location(gps)
    facts["hasLocation"] = location is not None
    if keep_location and location is not None:
        facts["location"] = location
    return {name: value for name, value in facts.items() if value is not None}


def _text(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    cleaned = "".join(ch for ch in value.replace("\x00", " ") if ch.isprintable()).strip()
    return cleaned[:_MAX_TEXT] or None


def _captured_at(value: object, offset: object) -> str | None:
    text = _text(value)
    match = _EXIF_DATE.match(text or "")
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        moment = datetime(year, month, day, hour, minute, second)  # EXIF times carry no zone
    except ValueError:
        return None  # "0000:00:00 00:00:00" and other placeholders
    stamp = moment.isoformat()
    zone = _text(offset)
    return f"{stamp}{zone}" if zone and _OFFSET.match(zone) else stamp


def _location(gps: dict[int, Any]) -> dict[str, float] | None:
    latitude = _degrees(gps.get(_GPS_LAT), gps.get(_GPS_LAT_REF), "S")
    longitude = _degrees(gps.get(_GPS_LON), gps.get(_GPS_LON_REF), "W")
    if latitude is None or longitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    place = {"latitude": round(latitude, 6), "longitude": round(longitude, 6)}
    altitude = _number(gps.get(_GPS_ALT))
    if altitude is not None:
        below_sea = gps.get(_GPS_ALT_REF) in (1, b"\x01")
        place["altitude"] = round(-altitude if below_sea else altitude, 1)
    return place


def _degrees(value: object, reference: object, negative: str) -> float | None:
    if not isinstance(value, tuple | list) or len(value) != 3:
        return None
    parts = [_number(part) for part in value]
    if any(part is None for part in parts):
        return None
    degrees, minutes, seconds = (float(part or 0) for part in parts)
    result = degrees + minutes / 60 + seconds / 3600
    ref = _text(reference) or ""
    return -result if ref.upper().startswith(negative) else result


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]  # IFDRational, int or float
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return number if number == number and abs(number) != float("inf") else None

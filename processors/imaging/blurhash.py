"""BlurHash (https://blurha.sh): a ~30-character string a client decodes into a blurred preview
before the first byte of the image arrives.

Encoded here in plain Python on a picture of at most 32x32 pixels: with the cosine bases
precomputed and summed row by row that takes a few milliseconds, so no compiled dependency (nor
numpy) is needed in the processor Lambda. Tests check it against an independent implementation.
"""

from __future__ import annotations

import math

from PIL import Image

from processors.imaging.color import flatten

SAMPLE_SIZE = 32
_BASE83 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~"
_TO_LINEAR = [
    ((v / 255 + 0.055) / 1.055) ** 2.4 if v / 255 > 0.04045 else v / 255 / 12.92 for v in range(256)
]


def components_for(size: tuple[int, int]) -> tuple[int, int]:
    """Four components along the long side, proportionally fewer along the short one."""
    width, height = size
    long_side, short_side = max(width, height), min(width, height)
    short = max(1, min(4, round(4 * short_side / long_side)))
    return (4, short) if width >= height else (short, 4)


def blurhash(image: Image.Image, components: tuple[int, int] | None = None) -> str:
    """The BlurHash of an RGB/RGBA picture (transparency is shown over white, as in the JPEGs)."""
    small = flatten(image.convert("RGBA") if image.mode not in {"RGB", "RGBA"} else image).convert("RGB")
    small.thumbnail((SAMPLE_SIZE, SAMPLE_SIZE), Image.Resampling.BOX)
    cx, cy = components or components_for(small.size)
    pixels: list[tuple[int, int, int]] = list(small.get_flattened_data())  # type: ignore[arg-type]
    return encode_pixels(pixels, small.size, cx, cy)


def encode_pixels(pixels: list[tuple[int, int, int]], size: tuple[int, int], cx: int, cy: int) -> str:
    width, height = size
    linear = [(_TO_LINEAR[r], _TO_LINEAR[g], _TO_LINEAR[b]) for r, g, b in pixels]
    cos_x = [[math.cos(math.pi * i * x / width) for x in range(width)] for i in range(cx)]
    cos_y = [[math.cos(math.pi * j * y / height) for y in range(height)] for j in range(cy)]
    # rows[i][y] = sum over x of cos_x[i][x] * pixel(x, y), per channel.
    rows = [
        [_weighted(cos_x[i], linear[y * width : (y + 1) * width]) for y in range(height)] for i in range(cx)
    ]
    factors: list[tuple[float, float, float]] = []
    for j in range(cy):
        for i in range(cx):
            scale = (1 if i == 0 and j == 0 else 2) / (width * height)
            r = g = b = 0.0
            for y in range(height):
                weight = cos_y[j][y]
                row = rows[i][y]
                r += weight * row[0]
                g += weight * row[1]
                b += weight * row[2]
            factors.append((r * scale, g * scale, b * scale))
    return _assemble(factors, cx, cy)


def _weighted(weights: list[float], row: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    r = g = b = 0.0
    for weight, (pr, pg, pb) in zip(weights, row, strict=True):
        r += weight * pr
        g += weight * pg
        b += weight * pb
    return r, g, b


def _assemble(factors: list[tuple[float, float, float]], cx: int, cy: int) -> str:
    dc, ac = factors[0], factors[1:]
    result = _base83((cx - 1) + (cy - 1) * 9, 1)
    if ac:
        actual = max(abs(c) for factor in ac for c in factor)
        quantised = int(max(0, min(82, math.floor(actual * 166 - 0.5))))
        maximum = (quantised + 1) / 166
        result += _base83(quantised, 1)
    else:
        maximum = 1.0
        result += _base83(0, 1)
    r, g, b = (_to_srgb(c) for c in dc)
    result += _base83((r << 16) + (g << 8) + b, 4)
    for factor in ac:
        qr, qg, qb = (_quantise(c / maximum) for c in factor)
        result += _base83(qr * 19 * 19 + qg * 19 + qb, 2)
    return result


def _quantise(value: float) -> int:
    signed = math.copysign(abs(value) ** 0.5, value)
    return int(max(0, min(18, math.floor(signed * 9 + 9.5))))


def _to_srgb(value: float) -> int:
    v = max(0.0, min(1.0, value))
    if v <= 0.0031308:
        return int(v * 12.92 * 255 + 0.5)
    return int((1.055 * v ** (1 / 2.4) - 0.055) * 255 + 0.5)


def _base83(value: int, length: int) -> str:
    return "".join(_BASE83[(value // 83 ** (length - i - 1)) % 83] for i in range(length))

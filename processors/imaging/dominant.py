"""The dominant colour of a picture, as #rrggbb: a flat placeholder (and a background for
letterboxing) that any client can paint without decoding anything.

"Dominant" means the largest cluster after median-cut quantisation of a 64x64 sample, not the mean:
a photo of a red car on grey asphalt is grey, where a mean would be a muddy brown that appears
nowhere in it. Fully or mostly transparent pixels do not vote.
"""

from __future__ import annotations

from PIL import Image

SAMPLE_SIZE = 64
CLUSTERS = 6
_OPAQUE_ENOUGH = 128


def dominant_color(image: Image.Image) -> str | None:
    sample = image.convert("RGBA") if image.mode != "RGBA" else image.copy()
    sample.thumbnail((SAMPLE_SIZE, SAMPLE_SIZE), Image.Resampling.BOX)
    rgba: tuple[tuple[int, int, int, int], ...] = sample.get_flattened_data()  # type: ignore[assignment]
    opaque = [(r, g, b) for r, g, b, a in rgba if a >= _OPAQUE_ENOUGH]
    if not opaque:
        return None
    pixels = Image.new("RGB", (len(opaque), 1))
    pixels.putdata(opaque)
    quantised = pixels.quantize(colors=CLUSTERS, method=Image.Quantize.MEDIANCUT)
    counts = quantised.getcolors() or []
    palette: list[int] = quantised.getpalette() or []
    _, index = max(counts)
    assert isinstance(index, int)  # a palette image's colours are palette indexes
    r, g, b = palette[index * 3 : index * 3 + 3]
    return f"#{r:02x}{g:02x}{b:02x}"

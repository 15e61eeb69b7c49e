"""Images in, renditions out: the whole of a preset, as a pure function of bytes.

Decode once at reduced scale, turn upright, crop for `cover`, then resize in a cascade from the
largest output down, each size encoded in every format of the preset.
"""

from __future__ import annotations

from typing import Any

from PIL import Image

from app.domain.limits import Limits
from app.domain.presets import Preset
from processors.imaging.color import has_alpha, to_display_mode
from processors.imaging.decode import decode, open_image, orientation
from processors.imaging.encode import encode
from processors.imaging.geometry import Box, crop_box, scale_box, targets, upright_size
from processors.rendering import Rendering, Rendition

# Box-reduce by whole factors first, then Lanczos over the last stretch: nearly the quality of a
# full Lanczos at a fraction of the cost for large reductions.
REDUCING_GAP = 3.0
# Colour profiles can only be kept where the output's colour model matches the input's.
_PROFILE_SAFE_MODES = frozenset({"RGB", "RGBA", "P"})


def render_image(data: bytes, content_type: str, preset: Preset, limits: Limits) -> Rendering:
    with open_image(data, content_type, limits) as image:
        turn = orientation(image)
        upright = upright_size(image.size, turn)
        plan = targets(upright, preset)
        crop = crop_box(upright, preset)
        scale = plan[0].width / crop.size[0]
        metadata: dict[str, Any] = {
            "width": upright[0],
            "height": upright[1],
            "format": (image.format or "").lower(),
            "orientation": turn,
            "hasAlpha": has_alpha(image),
        }
        icc = image.info.get("icc_profile") if image.mode in _PROFILE_SAFE_MODES else None
        picture = to_display_mode(decode(image, (upright[0] * scale, upright[1] * scale), turn, limits))

        # Draft decoding may have shrunk the picture: bring the crop box to its scale.
        box = scale_box(crop, picture.width / upright[0], picture.height / upright[1])
        renditions: list[Rendition] = []
        current: Image.Image = picture
        pending_box: Box | None = box
        for target in plan:
            current = _resize(current, (target.width, target.height), pending_box)
            pending_box = None
            renditions.extend(
                Rendition(target.name, spec.format, current.width, current.height, encode(current, spec, icc))
                for spec in preset.formats
            )
    return Rendering(renditions=renditions, metadata=metadata)


def _resize(image: Image.Image, size: tuple[int, int], box: Box | None) -> Image.Image:
    region = None if box is None else (box.left, box.top, box.right, box.bottom)
    if image.size == size and (region is None or region == (0, 0, *image.size)):
        return image
    return image.resize(size, Image.Resampling.LANCZOS, box=region, reducing_gap=REDUCING_GAP)

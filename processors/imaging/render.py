"""Images in, renditions out: the whole of a preset, as a pure function of bytes.

Header first (type, pixels, frames, orientation, EXIF facts), then one decode at reduced scale,
colour made displayable, the still sizes in cascade, the placeholders from the smallest size, and
for animations an animated WebP besides the stills (which show the first frame).
"""

from __future__ import annotations

from typing import Any

from PIL import Image

from app.domain.limits import Limits
from app.domain.metrics import RenditionRole, Step, StepTimes
from app.domain.presets import Preset
from processors.budget import Deadline
from processors.imaging.animation import animated_rendition, frame_count
from processors.imaging.blurhash import blurhash
from processors.imaging.color import has_alpha, to_display
from processors.imaging.decode import load, open_image, orientation, stored_size
from processors.imaging.decode import upright as upright_image
from processors.imaging.dominant import dominant_color
from processors.imaging.exif import exif_facts
from processors.imaging.geometry import crop_box, scale_box, targets, upright_size
from processors.imaging.variants import still_variants
from processors.rendering import Rendering


def render_image(
    data: bytes, content_type: str, preset: Preset, limits: Limits, deadline: Deadline, times: StepTimes
) -> Rendering:
    with open_image(data, content_type, limits) as image:
        with times.step(Step.DECODE):
            if image.format != "JPEG":
                # Only JPEG decodes at reduced scale, and other formats may keep their EXIF after the
                # pixels (PNG's eXIf): load now, so a broken stream fails here and not half-silently.
                load(image, None, limits)
            frames = frame_count(image, limits)
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
                "animated": frames > 1,
                **_pages(image),
                **exif_facts(image, keep_location=preset.keep_location),
            }
            icc = image.info.get("icc_profile")
            load(image, stored_size((upright[0] * scale, upright[1] * scale), turn), limits)
            decoded = upright_image(image, turn)
            deadline.check("decoding the image")
            shown = to_display(decoded, icc if isinstance(icc, bytes) else None)
            picture = shown.image
            metadata["colorProfile"] = "embedded" if shown.icc_profile else "sRGB"
        with times.step(Step.RENDER):
            # Draft decoding may have shrunk the picture: bring the crop box to its scale.
            box = scale_box(crop, picture.width / upright[0], picture.height / upright[1])
            stills = still_variants(
                picture, box, plan, preset.formats, shown.icc_profile, deadline, role=RenditionRole.STILL
            )
            renditions = stills.renditions
            if frames > 1:
                animated, facts = animated_rendition(
                    image,
                    orientation=turn,
                    crop=crop,
                    frames=frames,
                    preset=preset,
                    limits=limits,
                    deadline=deadline,
                )
                renditions.append(animated)
                metadata.update(facts)
            # Inside the `with`: the smallest still may be the decoded picture itself.
            return Rendering(
                renditions=renditions,
                metadata=metadata,
                blurhash=blurhash(stills.smallest),
                dominant_color=dominant_color(stills.smallest),
            )


def _pages(image: Image.Image) -> dict[str, int]:
    """Multi-page TIFFs and HEIF collections: only the first image is used; say how many there were."""
    if image.format in {"TIFF", "HEIF"}:
        pages = int(getattr(image, "n_frames", 1) or 1)
        if pages > 1:
            return {"pages": pages}
    return {}

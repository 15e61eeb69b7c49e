"""Runs inside a clean interpreter whose sys.path is the extracted artifact, the stdlib and a stand-in
for the Lambda runtime's site-packages (the AWS SDK, which artifacts leave out).

argv: function name, artifact directory, runtime directory. Prints one JSON line describing what
worked. Stdlib only at the top: anything else must come from the artifact or the runtime directory.
"""

import io
import json
import sys
import sysconfig
from typing import Any


def _origins(artifact: str, runtime: str) -> dict[str, list[str]]:
    """Every loaded module with a file, by where it came from."""
    stdlib = {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib")}
    found: dict[str, list[str]] = {"runtime": [], "outside": []}
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if not path or name in {"__main__", "__mp_main__"}:
            continue
        if path.startswith(runtime + "/"):
            found["runtime"].append(name.split(".")[0])
        elif not path.startswith(artifact + "/") and not any(path.startswith(p) for p in stdlib):
            found["outside"].append(f"{name}: {path}")
    found["runtime"] = sorted(set(found["runtime"]))
    return found


def _sdk() -> dict[str, object]:
    """The runtime's SDK as the adapters use it: clients are built and a request is signed offline."""
    from app.adapters.aws import dynamodb_client, s3_client, sqs_client

    post = s3_client().generate_presigned_post("uploads", "originals/owner/id", ExpiresIn=60)
    return {
        "clients": [c().meta.service_model.service_name for c in (s3_client, sqs_client, dynamodb_client)],
        "presigned": "policy" in post["fields"] and any("signature" in k.lower() for k in post["fields"]),
    }


def api() -> dict[str, object]:
    from app.handler import handler

    event: dict[str, Any] = {
        "resource": "/healthz",
        "path": "/healthz",
        "httpMethod": "GET",
        "headers": {"accept": "application/json"},
        "multiValueHeaders": {"accept": ["application/json"]},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/healthz",
            "httpMethod": "GET",
            "path": "/v1/healthz",
            "stage": "v1",
            "requestId": "probe",
            "identity": {"sourceIp": "203.0.113.1", "apiKeyId": None},
        },
        "body": None,
        "isBase64Encoded": False,
    }
    health = handler(event, None)
    graphql = handler(
        {**event, "resource": "/graphql", "path": "/graphql", "httpMethod": "POST",
         "body": json.dumps({"query": "{ presets { name } }"}),
         "headers": {"content-type": "application/json"},
         "multiValueHeaders": {"content-type": ["application/json"]},
         "requestContext": {**event["requestContext"], "resourcePath": "/graphql", "httpMethod": "POST"}},
        None,
    )  # fmt: skip
    return {
        "health": health["statusCode"],
        "graphql_without_key": graphql["statusCode"],
        "pil_loaded": "PIL" in sys.modules,
        "crypto_loaded": sorted({"cryptography", "jwt"} & sys.modules.keys()),
        "sdk": _sdk(),
    }


def _samples() -> dict[str, bytes]:
    """One small input per media kind, made with the artifact's own native libraries."""
    import math
    import struct
    import wave
    from fractions import Fraction

    import av
    from PIL import Image
    from pillow_heif import register_heif_opener

    picture = Image.new("RGB", (160, 120), (200, 30, 30))
    picture.paste((30, 30, 200), (80, 60, 160, 120))
    samples = {}
    for content_type, name in (("image/jpeg", "JPEG"), ("image/png", "PNG"), ("image/webp", "WEBP")):
        buffer = io.BytesIO()
        picture.save(buffer, name)
        samples[content_type] = buffer.getvalue()
    register_heif_opener()  # libheif encodes with x265 and decodes with libde265
    buffer = io.BytesIO()
    picture.save(buffer, "HEIF", quality=60)
    samples["image/heic"] = buffer.getvalue()
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="mp4") as out:  # FFmpeg with libx264
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 160, 120, "yuv420p"
        for index in range(10):
            frame = av.VideoFrame.from_image(picture)  # type: ignore[no-untyped-call]
            frame.pts, frame.time_base = index, Fraction(1, 10)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    samples["video/mp4"] = buffer.getvalue()
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as tone:
        tone.setnchannels(1)
        tone.setsampwidth(2)
        tone.setframerate(8000)
        tone.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(i / 10))) for i in range(8000)))
    samples["audio/wav"] = buffer.getvalue()
    return samples


def processor() -> dict[str, object]:
    from PIL import features

    import processors.handler as handler
    import processors.sweeper as sweeper
    from processors.media import process_media

    handler._pipeline()  # builds the whole processing pipeline from the environment
    sweeper._sweep()  # and the dead-letter sweep, which the same zip runs
    settings = handler._settings()
    preset = next(p for p in settings.presets if p.name == settings.default_preset)
    rendered = {
        content_type: len(process_media(data, content_type, preset, settings.limits).renditions)
        for content_type, data in _samples().items()
    }
    return {
        "handler": callable(handler.handler),
        "sweeper": callable(sweeper.handler),
        "rendered": rendered,
        "webp": bool(features.check("webp")),
        "avif": bool(features.check("avif")),
        "strawberry_loaded": "strawberry" in sys.modules,
        "sdk": _sdk(),
    }


if __name__ == "__main__":
    function, artifact, runtime = sys.argv[1], sys.argv[2], sys.argv[3]
    # -I leaves only the stdlib on sys.path; the artifact goes first, as /var/task does in Lambda,
    # and the runtime's site-packages (the SDK) after the stdlib.
    sys.path.insert(0, artifact)
    sys.path.append(runtime)
    result = {"api": api, "processor": processor}[function]()
    result.update(_origins(artifact, runtime))
    result["python"] = f"{sys.version_info[0]}.{sys.version_info[1]}"
    result["sys_path"] = sys.path
    print(json.dumps(result))

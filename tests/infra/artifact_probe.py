"""Runs inside a clean interpreter whose sys.path is only the extracted artifact and the stdlib.

argv: function name, artifact directory. Prints one JSON line describing what worked.
Stdlib only at the top: anything else must come from the artifact.
"""

import io
import json
import sys
import sysconfig
from typing import Any


def _outside(artifact: str) -> list[str]:
    stdlib = {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib")}
    found = []
    for name, module in list(sys.modules.items()):
        if name in {"__main__", "__mp_main__"}:
            continue
        path = getattr(module, "__file__", None)
        if path and not path.startswith(artifact) and not any(path.startswith(p) for p in stdlib):
            found.append(f"{name}: {path}")
    return found


def api(artifact: str) -> dict[str, object]:
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
        "outside": _outside(artifact),
    }


def processor(artifact: str) -> dict[str, object]:
    from PIL import Image, features

    import processors.handler as handler

    handler._pipeline()  # builds the whole processing pipeline from the environment
    encoded = {}
    for name in ("WEBP", "JPEG", "PNG"):
        buffer = io.BytesIO()
        Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, name)
        encoded[name] = len(buffer.getvalue()) > 0
    return {
        "handler": callable(handler.handler),
        "encoded": encoded,
        "webp": bool(features.check("webp")),
        "strawberry_loaded": "strawberry" in sys.modules,
        "outside": _outside(artifact),
    }


if __name__ == "__main__":
    function, artifact = sys.argv[1], sys.argv[2]
    # -I leaves only the stdlib on sys.path; the artifact goes first, as /var/task does in Lambda.
    sys.path.insert(0, artifact)
    result = {"api": api, "processor": processor}[function](artifact)
    result["python"] = f"{sys.version_info[0]}.{sys.version_info[1]}"
    result["sys_path"] = sys.path
    print(json.dumps(result))

"""Run the real Pulumi program (pulumi/__main__.py) under Pulumi's mocks and record everything.

The mock monitor records each RegisterResource request as the engine would receive it: type, name,
parent, inputs (wire names, camelCase), explicit and per-property dependencies, options. The mocks
answer with the inputs plus the few computed outputs the program reads (ids, ARNs, URLs), and render
`aws.iam.getPolicyDocument` calls the way the provider does, so policies can be read as JSON.
"""

from __future__ import annotations

import hashlib
import json
import runpy
import tempfile
import threading
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pulumi
import yaml
from pulumi.runtime import mocks as pulumi_mocks

REPO = Path(__file__).resolve().parents[2]
PROGRAM = REPO / "pulumi" / "__main__.py"
PROJECT = "media-pipeline"
ACCOUNT = "123456789012"
REGION = "eu-west-1"


@dataclass(frozen=True)
class Registered:
    index: int
    type: str
    name: str
    urn: str
    parent: str
    custom: bool
    inputs: dict[str, Any]
    state: dict[str, Any]
    dependencies: tuple[str, ...]
    property_dependencies: dict[str, tuple[str, ...]]
    provider: str
    protect: bool
    id: str = ""  # what the mocks answered as the physical id


# The components that hold Lambdas: the pipeline's (functions.py) and events out's (event_functions.py).
FUNCTION_GROUPS = ("functions", "events")


def short_name(name: str) -> str:
    """`functions-api` -> `api`, `events-notifier` -> `notifier`."""
    group, short = name.split("-", 1)
    assert group in FUNCTION_GROUPS, name
    return short


@dataclass
class StackRun:
    stack: str
    config: dict[str, str]
    resources: list[Registered]
    invokes: list[tuple[str, dict[str, Any]]]
    outputs: dict[str, Any] = field(default_factory=dict)

    def of_type(self, type_: str) -> list[Registered]:
        return [r for r in self.resources if r.type == type_]

    def one(self, type_: str, name: str | None = None) -> Registered:
        found = [r for r in self.of_type(type_) if name is None or r.name == name]
        assert len(found) == 1, f"expected one {type_} {name or ''}, found {[r.name for r in found]}"
        return found[0]

    def function(self, short: str, type_: str = "aws:lambda/function:Function") -> Registered:
        """A Lambda's resource of `type_` (function, role, role policy, log group) by its short name
        (`api`, `notifier`), whichever component holds it (FUNCTION_GROUPS)."""
        names = {f"{group}-{short}" for group in FUNCTION_GROUPS}
        (found,) = [r for r in self.of_type(type_) if r.name in names]
        return found

    def functions(self) -> dict[str, Registered]:
        """Every Lambda by its short name."""
        return {short_name(f.name): f for f in self.of_type("aws:lambda/function:Function")}

    def by_urn(self, urn: str) -> Registered:
        return next(r for r in self.resources if r.urn == urn)

    def custom(self) -> list[Registered]:
        return [r for r in self.resources if r.custom]

    def counts(self) -> dict[str, int]:
        counted: dict[str, int] = {}
        for r in self.custom():
            counted[r.type] = counted.get(r.type, 0) + 1
        return dict(sorted(counted.items()))


def render_policy(statements: list[Mapping[str, Any]]) -> str:
    """What aws.iam.getPolicyDocument renders for these statements (lists stay lists)."""
    rendered = []
    for s in statements:
        out: dict[str, Any] = {"Effect": s.get("effect", "Allow")}
        if s.get("sid"):
            out["Sid"] = s["sid"]
        if s.get("actions"):
            out["Action"] = list(s["actions"])
        if s.get("notActions"):
            out["NotAction"] = list(s["notActions"])
        if s.get("resources"):
            out["Resource"] = list(s["resources"])
        principals = s.get("principals") or []
        if principals:
            if any(p["type"] == "*" for p in principals):
                out["Principal"] = "*"
            else:
                out["Principal"] = {p["type"]: list(p["identifiers"]) for p in principals}
        conditions: dict[str, dict[str, list[str]]] = {}
        for c in s.get("conditions") or []:
            conditions.setdefault(c["test"], {})[c["variable"]] = list(c["values"])
        if conditions:
            out["Condition"] = conditions
        rendered.append(out)
    return json.dumps({"Version": "2012-10-17", "Statement": rendered}, sort_keys=True)


def _computed(type_: str, name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The outputs AWS would compute, for the ones the program reads."""
    physical = f"{name}-{hashlib.sha256(name.encode()).hexdigest()[:7]}"
    region_arn = f"arn:aws:{{service}}:{REGION}:{ACCOUNT}"
    if type_ == "aws:s3/bucket:Bucket":
        return {
            "bucket": physical,
            "arn": f"arn:aws:s3:::{physical}",
            "bucketRegionalDomainName": f"{physical}.s3.{REGION}.amazonaws.com",
        }
    if type_ == "aws:sqs/queue:Queue":
        return {
            "name": physical,
            "arn": region_arn.format(service="sqs") + f":{physical}",
            "url": f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{physical}",
        }
    if type_ == "aws:dynamodb/table:Table":
        table_arn = region_arn.format(service="dynamodb") + f":table/{physical}"
        stream = (
            {"streamArn": f"{table_arn}/stream/2026-01-01T00:00:00.000"}
            if inputs.get("streamEnabled")
            else {}
        )
        return {"name": physical, "arn": table_arn, **stream}
    if type_ == "aws:apigatewayv2/api:Api":
        api_id = _physical_id(type_, name)
        return {
            "apiEndpoint": f"wss://{api_id}.execute-api.{REGION}.amazonaws.com",
            "executionArn": region_arn.format(service="execute-api") + f":{api_id}",
        }
    if type_ == "aws:lambda/function:Function":
        arn = region_arn.format(service="lambda") + f":function:{physical}"
        return {
            "name": physical,
            "arn": arn,
            "invokeArn": f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{arn}/invocations",
        }
    if type_ == "aws:cloudwatch/logGroup:LogGroup":
        return {"arn": region_arn.format(service="logs") + f":log-group:{inputs.get('name', physical)}"}
    if type_ == "aws:apigateway/restApi:RestApi":
        return {
            "rootResourceId": "root0001",
            "executionArn": region_arn.format(service="execute-api") + f":{name}0001",
        }
    if type_ == "aws:apigateway/stage:Stage":
        return {
            "invokeUrl": f"https://{name}0001.execute-api.{REGION}.amazonaws.com/{inputs['stageName']}",
            "arn": f"arn:aws:apigateway:{REGION}::/restapis/{name}0001/stages/{inputs['stageName']}",
        }
    if type_ == "aws:cognito/userPool:UserPool":
        pool_id = _physical_id(type_, name)
        return {
            "arn": region_arn.format(service="cognito-idp") + f":userpool/{pool_id}",
            "endpoint": f"cognito-idp.{REGION}.amazonaws.com/{pool_id}",
        }
    if type_ == "aws:apigateway/apiKey:ApiKey":
        return {"value": "mock-api-key-value-0123456789"}
    if type_ == "aws:cloudfront/distribution:Distribution":
        return {
            "domainName": "d111111abcdef8.cloudfront.net",
            "arn": f"arn:aws:cloudfront::{ACCOUNT}:distribution/E2MOCK",
            "hostedZoneId": "Z2FDTNDATAQYW2",
        }
    if type_ == "aws:acm/certificate:Certificate":
        return {
            "arn": f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/mock",
            "domainValidationOptions": [
                {
                    "domainName": inputs["domainName"],
                    "resourceRecordName": f"_x.{inputs['domainName']}.",
                    "resourceRecordType": "CNAME",
                    "resourceRecordValue": "_y.acm-validations.aws.",
                }
            ],
        }
    if type_ == "aws:acm/certificateValidation:CertificateValidation":
        return {"certificateArn": inputs["certificateArn"]}
    if type_ == "tls:index/privateKey:PrivateKey":
        # What the TLS provider computes: PEM text (fixed placeholders: no key is made under the mocks).
        return {
            "privateKeyPem": "-----BEGIN RSA PRIVATE KEY-----\nMOCK\n-----END RSA PRIVATE KEY-----\n",
            "privateKeyPemPkcs8": "-----BEGIN PRIVATE KEY-----\nMOCK\n-----END PRIVATE KEY-----\n",
            "publicKeyPem": "-----BEGIN PUBLIC KEY-----\nMOCK\n-----END PUBLIC KEY-----\n",
            "publicKeyOpenssh": "ssh-rsa MOCK\n",
            "publicKeyFingerprintSha256": "SHA256:mock",
            "publicKeyFingerprintMd5": "00:00",
            "id": f"{name}-id",
        }
    if type_ == "aws:route53/record:Record":
        return {"fqdn": str(inputs.get("name", "")).rstrip(".")}
    service = type_.split(":")[1].split("/")[0]
    return {"arn": region_arn.format(service=service) + f":{name}", "name": inputs.get("name", physical)}


def _physical_id(type_: str, name: str) -> str:
    """The id AWS would give: a user pool's is `{region}_{suffix}` (the app reads the region from it)."""
    if type_ == "aws:cognito/userPool:UserPool":
        return f"{REGION}_Mock{hashlib.sha256(name.encode()).hexdigest()[:5]}"
    return f"{name}-id"


class RecordingMocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.invokes: list[tuple[str, dict[str, Any]]] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str | None, dict[str, Any]]:
        state = {**args.inputs, **_computed(args.typ, args.name, args.inputs)}
        return _physical_id(args.typ, args.name), state

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[Any, Any], list[tuple[str, str]] | None]:
        return self._answer(args), []

    def _answer(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        self.invokes.append((args.token, dict(args.args)))
        if args.token == "aws:iam/getPolicyDocument:getPolicyDocument":
            return {"json": render_policy(args.args.get("statements") or []), "id": "policy"}
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                "accountId": ACCOUNT,
                "arn": f"arn:aws:iam::{ACCOUNT}:user/ci",
                "userId": "ci",
                "id": ACCOUNT,
            }
        if args.token == "aws:index/getRegion:getRegion":
            return {"region": REGION, "name": REGION, "id": REGION, "endpoint": f"ec2.{REGION}.amazonaws.com"}
        if args.token == "aws:index/getAvailabilityZones:getAvailabilityZones":
            return {"names": [f"{REGION}a", f"{REGION}b", f"{REGION}c"], "id": REGION}
        raise NotImplementedError(f"no mock for {args.token}")


class RecordingMonitor(pulumi_mocks.MockMonitor):
    def __init__(self, mocks: RecordingMocks) -> None:
        super().__init__(mocks)
        self.registered: list[Registered] = []
        self._lock = threading.Lock()

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 - the gRPC method name
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        if request.type == "pulumi:pulumi:Stack":
            return response
        urn = self.make_urn(request.parent, request.type, request.name)
        registration = self.resources.get(urn)
        with self._lock:
            self.registered.append(
                Registered(
                    index=len(self.registered),
                    type=request.type,
                    name=request.name,
                    urn=urn,
                    parent=request.parent,
                    custom=bool(request.custom),
                    inputs=_plain(pulumi.runtime.rpc.deserialize_properties(request.object)),
                    state=_plain(registration.state) if registration else {},
                    dependencies=tuple(request.dependencies),
                    property_dependencies={k: tuple(v.urns) for k, v in request.propertyDependencies.items()},
                    provider=request.provider,
                    protect=bool(request.protect),
                    id=registration.id if registration else "",
                )
            )
        return response


def _plain(value: Any) -> Any:
    """Assets and archives become their paths; everything else stays as deserialized."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, pulumi.FileAsset | pulumi.FileArchive):
        return {"path": value.path}
    if isinstance(value, pulumi.StringAsset):
        return {"text": value.text}
    return value


def stack_config(stack: str, overrides: Mapping[str, Any] | None = None) -> dict[str, str]:
    """The stack file's config as the engine hands it to the program (non-strings as JSON)."""
    raw = yaml.safe_load((REPO / f"Pulumi.{stack}.yaml").read_text())["config"]
    values: dict[str, Any] = {
        (key if ":" in key else f"{PROJECT}:{key}"): value for key, value in raw.items()
    }
    for key, value in (overrides or {}).items():
        full = key if ":" in key else f"{PROJECT}:{key}"
        if value is None:
            values.pop(full, None)
        else:
            values[full] = value
    return {k: v if isinstance(v, str) else json.dumps(v) for k, v in values.items()}


def placeholder_artifacts(root: Path) -> Path:
    """The program hashes and uploads the zips; their content is tested in tests/infra/test_artifacts."""
    for architecture in ("x86_64", "arm64"):
        for function in ("api", "processor"):
            path = root / architecture / f"{function}.zip"
            path.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(path, "w") as archive:
                archive.writestr("placeholder.txt", f"{function} {architecture}")
    return root


class ProgramFailed(Exception):
    """The program raised `error`, having registered `registered` by then."""

    def __init__(self, error: Exception, registered: list[Registered]) -> None:
        super().__init__(f"{type(error).__name__}: {error}")
        self.error = error
        self.registered = registered


def run_stack(stack: str, artifacts: Path, overrides: Mapping[str, Any] | None = None) -> StackRun:
    config = stack_config(stack, {"artifactsDir": str(artifacts), **(overrides or {})})
    mocks = RecordingMocks()
    monitor = RecordingMonitor(mocks)
    pulumi.runtime.settings.reset_options(project=PROJECT, stack=stack)
    pulumi.runtime.set_all_config(config)
    pulumi.runtime.set_mocks(mocks, project=PROJECT, stack=stack, preview=False, monitor=monitor)
    main: Callable[[], dict[str, pulumi.Output[Any]]] = runpy.run_path(str(PROGRAM), run_name="program")[
        "main"
    ]
    outputs: dict[str, Any] = {}

    @pulumi.runtime.test  # type: ignore[untyped-decorator]
    def program() -> pulumi.Output[Any]:
        return pulumi.Output.all(**main()).apply(outputs.update)

    try:
        program()
    except Exception as error:
        raise ProgramFailed(error, list(monitor.registered)) from error
    return StackRun(stack, config, list(monitor.registered), list(mocks.invokes), outputs)


STACKS = ("dev", "prod")
# prod with every option switched on: a custom domain and the VPC.
HARDENED = {"domain": {"name": "media.example.com", "hostedZoneId": "Z0MOCKZONE"}, "vpc": True}


@cache
def recorded(name: str) -> StackRun:
    """dev, prod or hardened, built once per process (tests/infra and tests/contract share them)."""
    artifacts = placeholder_artifacts(Path(tempfile.mkdtemp(prefix="mediapipe-artifacts-")))
    if name == "hardened":
        return run_stack("prod", artifacts, HARDENED)
    return run_stack(name, artifacts)

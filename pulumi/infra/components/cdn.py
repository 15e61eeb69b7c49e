"""CloudFront in front of everything a browser loads: the UI, the media outputs and the API.

One origin, three behaviours: `/media/*` from the processed bucket and everything else from the
frontend bucket, both through Origin Access Control (the buckets stay private; each bucket policy
lets only this distribution read). `/media/*` serves only signed URLs (its trusted key group, see
infra/components/signing.py): one edge cache entry per object whatever its signature, kept long
(objects never change; a delete invalidates them), and a viewer-response function that lets the
browser keep a copy only as long as the URL it came through is valid. `/graphql` and `/healthz` go
to API Gateway, never cached, every viewer header but Host forwarded (so `x-api-key` arrives).
Serving the API on the UI's origin means the browser makes no cross-origin API call. Client-side
routes fall back to `index.html` through a CloudFront Function on the UI behaviour only, so API and
media errors stay what they are.

The uploads bucket's CORS lives here too: its allowed origin is this distribution's own URL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from infra import policies
from infra.components.api import GRAPHQL_PATH
from infra.naming import Naming

# AWS managed policies (the same ids in every account).
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
SECURITY_HEADERS = "67f7725c-6f97-4210-82d7-5512b31e9d03"
CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"  # the hosted zone of every *.cloudfront.net alias

# The media cache: no query string in the key (every signed URL of an object shares one entry), and a
# minimum TTL, so the edge keeps objects although their Cache-Control says `private` (to browsers).
MEDIA_EDGE_TTL_S = 365 * 86400
MEDIA_MIN_TTL_S = 86400

# The same rule as app.domain.delivery.cache_control, from the URL's own expiry (a test runs both):
# a canned policy's `Expires`, or a custom policy's DateLessThan (a stream's folder-wide signature,
# app/adapters/cloudfront_signing.py), read from its URL-safe base64 with runtime 2.0's Buffer. An
# unreadable policy allows no caching; CloudFront has refused a forged one before this runs.
MEDIA_CACHE_CONTROL = """\
function expiry(querystring) {
  if (querystring.Expires) return parseInt(querystring.Expires.value, 10);
  if (!querystring.Policy) return 0;
  try {
    var plain = querystring.Policy.value.replace(/-/g, '+').replace(/_/g, '=').replace(/~/g, '/');
    var policy = JSON.parse(Buffer.from(plain, 'base64').toString());
    return policy.Statement[0].Condition.DateLessThan['AWS:EpochTime'];
  } catch (e) {
    return 0;
  }
}

function handler(event) {
  var response = event.response;
  var left = expiry(event.request.querystring) - Math.floor(Date.now() / 1000);
  response.headers['cache-control'] = { value: 'private, max-age=' + Math.max(0, left || 0) };
  return response;
}
"""

SPA_REWRITE = """\
function handler(event) {
  var request = event.request;
  // A path without a file extension is a client-side route: serve the app shell.
  if (!/\\.[a-zA-Z0-9]+$/.test(request.uri)) {
    request.uri = '/index.html';
  }
  return request;
}
"""


def api_behaviour(path: str) -> aws.cloudfront.DistributionOrderedCacheBehaviorArgsDict:
    """To API Gateway: never cached, every method, every viewer header but Host (x-api-key too)."""
    return {
        "path_pattern": path,
        "target_origin_id": "api",
        "viewer_protocol_policy": "https-only",
        "allowed_methods": ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
        "cached_methods": ["GET", "HEAD"],
        "cache_policy_id": CACHING_DISABLED,
        "origin_request_policy_id": ALL_VIEWER_EXCEPT_HOST_HEADER,
        "compress": True,
    }


@dataclass(frozen=True)
class BucketOrigin:
    id: pulumi.Input[str]
    arn: pulumi.Input[str]
    regional_domain: pulumi.Input[str]


@dataclass(frozen=True)
class CustomDomain:
    name: str
    hosted_zone_id: str
    certificate_arn: pulumi.Input[str]


@dataclass(frozen=True)
class ContentDeliveryArgs:
    naming: Naming
    frontend: BucketOrigin
    processed: BucketOrigin
    uploads_bucket_id: pulumi.Input[str]
    api_domain: pulumi.Input[str]
    api_stage: str
    extra_upload_origins: Sequence[str]
    price_class: str
    media_key_group_id: pulumi.Input[str]  # signed URLs for /media/* must be signed by its keys
    web_acl_arn: pulumi.Input[str] | None = None
    domain: CustomDomain | None = None


class ContentDelivery(pulumi.ComponentResource):
    """The distribution, its private origins and the policies that let only it read them."""

    def __init__(
        self, name: str, args: ContentDeliveryArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__("media:cdn:ContentDelivery", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        oac = aws.cloudfront.OriginAccessControl(
            name,
            name=args.naming.name("s3"),
            description="CloudFront reads the private buckets",
            origin_access_control_origin_type="s3",
            signing_behavior="always",
            signing_protocol="sigv4",
            opts=child,
        )
        spa = aws.cloudfront.Function(
            f"{name}-spa",
            name=args.naming.name("spa-rewrite"),
            runtime="cloudfront-js-2.0",
            comment="Client-side routes get index.html",
            code=SPA_REWRITE,
            publish=True,
            opts=child,
        )
        media_cache = aws.cloudfront.CachePolicy(
            f"{name}-media",
            name=args.naming.name("signed-media"),
            comment="Signed media: one entry per object, whatever its signature",
            min_ttl=MEDIA_MIN_TTL_S,
            default_ttl=MEDIA_EDGE_TTL_S,
            max_ttl=MEDIA_EDGE_TTL_S,
            parameters_in_cache_key_and_forwarded_to_origin={
                "cookies_config": {"cookie_behavior": "none"},
                "headers_config": {"header_behavior": "none"},
                "query_strings_config": {"query_string_behavior": "none"},
                "enable_accept_encoding_brotli": True,
                "enable_accept_encoding_gzip": True,
            },
            opts=child,
        )
        media_cache_control = aws.cloudfront.Function(
            f"{name}-media-cache-control",
            name=args.naming.name("media-cache-control"),
            runtime="cloudfront-js-2.0",
            comment="Browsers keep media no longer than its signed URL lives",
            code=MEDIA_CACHE_CONTROL,
            publish=True,
            opts=child,
        )
        self.distribution = aws.cloudfront.Distribution(
            name,
            enabled=True,
            comment=args.naming.prefix,
            is_ipv6_enabled=True,
            http_version="http2and3",
            price_class=args.price_class,
            default_root_object="index.html",
            aliases=[args.domain.name] if args.domain else [],
            web_acl_id=args.web_acl_arn,
            origins=[
                {
                    "origin_id": "frontend",
                    "domain_name": args.frontend.regional_domain,
                    "origin_access_control_id": oac.id,
                },
                {
                    "origin_id": "media",
                    "domain_name": args.processed.regional_domain,
                    "origin_access_control_id": oac.id,
                },
                {
                    "origin_id": "api",
                    "domain_name": args.api_domain,
                    "origin_path": f"/{args.api_stage}",
                    "custom_origin_config": {
                        "http_port": 80,
                        "https_port": 443,
                        "origin_protocol_policy": "https-only",
                        "origin_ssl_protocols": ["TLSv1.2"],
                    },
                },
            ],
            default_cache_behavior={
                "target_origin_id": "frontend",
                "viewer_protocol_policy": "redirect-to-https",
                "allowed_methods": ["GET", "HEAD", "OPTIONS"],
                "cached_methods": ["GET", "HEAD"],
                "cache_policy_id": CACHING_OPTIMIZED,
                "response_headers_policy_id": SECURITY_HEADERS,
                "compress": True,
                "function_associations": [{"event_type": "viewer-request", "function_arn": spa.arn}],
            },
            ordered_cache_behaviors=[
                {
                    "path_pattern": f"/{policies.MEDIA_PREFIX}*",
                    "target_origin_id": "media",
                    "viewer_protocol_policy": "redirect-to-https",
                    "allowed_methods": ["GET", "HEAD", "OPTIONS"],
                    "cached_methods": ["GET", "HEAD"],
                    "cache_policy_id": media_cache.id,
                    "response_headers_policy_id": SECURITY_HEADERS,
                    "compress": True,
                    "trusted_key_groups": [args.media_key_group_id],
                    "function_associations": [
                        {"event_type": "viewer-response", "function_arn": media_cache_control.arn}
                    ],
                },
                api_behaviour(GRAPHQL_PATH),
                api_behaviour("/healthz"),
            ],
            restrictions={"geo_restriction": {"restriction_type": "none"}},
            viewer_certificate=(
                {
                    "acm_certificate_arn": args.domain.certificate_arn,
                    "ssl_support_method": "sni-only",
                    "minimum_protocol_version": "TLSv1.2_2021",
                }
                if args.domain
                else {"cloudfront_default_certificate": True}
            ),
            opts=child,
        )
        self.url = (
            pulumi.Output.from_input(f"https://{args.domain.name}")
            if args.domain
            else self.distribution.domain_name.apply(lambda d: f"https://{d}")
        )
        self._read_policy(f"{name}-frontend", args.frontend, "")
        self._read_policy(f"{name}-media", args.processed, policies.MEDIA_PREFIX)
        origins = pulumi.Output.all(self.url, *args.extra_upload_origins).apply(lambda o: sorted(set(o)))
        aws.s3.BucketCorsConfiguration(
            f"{name}-uploads",
            bucket=args.uploads_bucket_id,
            cors_rules=[
                {
                    # POST: a presigned upload; PUT: a multipart upload's parts, whose ETags the
                    # client must read to complete the upload.
                    "allowed_methods": ["POST", "PUT"],
                    "allowed_origins": origins,
                    "allowed_headers": ["*"],
                    "expose_headers": ["ETag"],
                    "max_age_seconds": 3600,
                }
            ],
            opts=child,
        )
        if args.domain:
            for record_type in ("A", "AAAA"):
                aws.route53.Record(
                    f"{name}-{record_type.lower()}",
                    zone_id=args.domain.hosted_zone_id,
                    name=args.domain.name,
                    type=record_type,
                    aliases=[
                        {
                            "name": self.distribution.domain_name,
                            "zone_id": CLOUDFRONT_ZONE_ID,
                            "evaluate_target_health": False,
                        }
                    ],
                    opts=child,
                )
        self.register_outputs({"cdn_url": self.url, "distribution_id": self.distribution.id})

    def _read_policy(self, name: str, bucket: BucketOrigin, prefix: str) -> None:
        statements = pulumi.Output.all(bucket.arn, self.distribution.arn).apply(
            lambda v: policies.cdn_bucket_policy(v[0], v[1], prefix)
        )
        aws.s3.BucketPolicy(
            name,
            bucket=bucket.id,
            policy=policies.document(statements),
            opts=pulumi.ResourceOptions(parent=self),
        )

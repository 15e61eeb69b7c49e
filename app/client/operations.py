"""The GraphQL documents the Python client sends (the UI has its own, generated from schema.graphql)."""

MEDIA_FIELDS = """
fragment MediaFields on Media {
  id filename contentType kind size status preset tags blurhash dominantColor metadata createdAt updatedAt
  error { code message }
  variants {
    name role contentType animated format width height bytes url urlExpiresAt durationSeconds bitrate codecs
  }
}
"""

CREATE_UPLOAD = (
    """
mutation CreateUpload($input: CreateUploadInput!) {
  createUpload(input: $input) {
    media { ...MediaFields }
    upload { url fields expiresAt }
  }
}
"""
    + MEDIA_FIELDS
)

MEDIA = "query Media($id: ID!) { media(id: $id) { ...MediaFields } }" + MEDIA_FIELDS

MEDIA_LIST = (
    """
query MediaList(
  $first: Int!, $after: String, $status: MediaStatus, $kind: MediaKind, $tag: String, $search: String,
  $sort: MediaSort! = NEWEST
) {
  mediaList(
    first: $first, after: $after, status: $status, kind: $kind, tag: $tag, search: $search, sort: $sort
  ) {
    edges { cursor node { ...MediaFields } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
    + MEDIA_FIELDS
)

UPDATE_MEDIA = (
    """
mutation UpdateMedia($id: ID!, $input: UpdateMediaInput!) {
  updateMedia(id: $id, input: $input) { ...MediaFields }
}
"""
    + MEDIA_FIELDS
)

PRESETS = """
query Presets {
  presets { name description widths fit aspectRatio fingerprint formats { format quality } }
}
"""

# An item's life, for `mediapipe trace`: the few fields it prints, not the whole item.
HISTORY = """
query History($id: ID!) {
  media(id: $id) { id filename status history { at status attempt code note } }
}
"""

RETRY = "mutation Retry($id: ID!) { retryProcessing(id: $id) { ...MediaFields } }" + MEDIA_FIELDS

REPROCESS = (
    """
mutation Reprocess($id: ID!, $preset: String) {
  reprocessMedia(id: $id, preset: $preset) { ...MediaFields }
}
"""
    + MEDIA_FIELDS
)

DELETE = "mutation Delete($id: ID!) { deleteMedia(id: $id) }"

AUDIT_LOG = """
query AuditLog($first: Int, $after: String) {
  auditLog(first: $first, after: $after) {
    edges { cursor node { at action mediaId who detail } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

USAGE = """
query Usage {
  usage {
    items storedBytes originalBytes outputBytes
    byKind { kind items originalBytes outputBytes computeSeconds }
    quota { maxItems maxBytes }
    estimatedCost { storagePerMonth processingToDate currency }
  }
}
"""

# Multipart uploads (docs/api.md, "Multipart uploads").
CREATE_MULTIPART_UPLOAD = (
    """
mutation CreateMultipartUpload($input: CreateUploadInput!) {
  createMultipartUpload(input: $input) { media { ...MediaFields } partSize parts { partNumber url } }
}
"""
    + MEDIA_FIELDS
)

UPLOAD_PART_URLS = """
mutation UploadPartUrls($id: ID!, $partNumbers: [Int!]!) {
  uploadPartUrls(id: $id, partNumbers: $partNumbers) { partNumber url }
}
"""

UPLOADED_PARTS = "query UploadedParts($id: ID!) { uploadedParts(id: $id) { partNumber etag size } }"

COMPLETE_MULTIPART_UPLOAD = (
    """
mutation CompleteMultipartUpload($id: ID!, $parts: [CompletedPartInput!]!) {
  completeMultipartUpload(id: $id, parts: $parts) { ...MediaFields }
}
"""
    + MEDIA_FIELDS
)

ABORT_UPLOAD = "mutation AbortUpload($id: ID!) { abortUpload(id: $id) }"

# Webhooks (docs/api.md, "Webhooks").
WEBHOOK_FIELDS = """
fragment WebhookFields on Webhook {
  id url events description enabled state disabledReason consecutiveFailures createdAt updatedAt
}
"""

WEBHOOKS = "query Webhooks { webhooks { ...WebhookFields } }" + WEBHOOK_FIELDS

CREATE_WEBHOOK = (
    """
mutation CreateWebhook($input: CreateWebhookInput!) {
  createWebhook(input: $input) { secret webhook { ...WebhookFields } }
}
"""
    + WEBHOOK_FIELDS
)

UPDATE_WEBHOOK = (
    """
mutation UpdateWebhook($id: ID!, $input: UpdateWebhookInput!) {
  updateWebhook(id: $id, input: $input) { ...WebhookFields }
}
"""
    + WEBHOOK_FIELDS
)

DELETE_WEBHOOK = "mutation DeleteWebhook($id: ID!) { deleteWebhook(id: $id) }"

ROTATE_WEBHOOK_SECRET = (
    """
mutation RotateWebhookSecret($id: ID!) {
  rotateWebhookSecret(id: $id) { secret webhook { ...WebhookFields } }
}
"""
    + WEBHOOK_FIELDS
)

DELIVERY_FIELDS = """
fragment DeliveryFields on WebhookDelivery {
  id webhookId event mediaId status attempts responseStatus error durationMs
  createdAt lastAttemptAt nextAttemptAt
}
"""

WEBHOOK_DELIVERIES = (
    """
query WebhookDeliveries($webhookId: ID!, $first: Int!) {
  webhookDeliveries(webhookId: $webhookId, first: $first) { ...DeliveryFields }
}
"""
    + DELIVERY_FIELDS
)

REDELIVER_WEBHOOK = (
    "mutation RedeliverWebhook($id: ID!) { redeliverWebhook(deliveryId: $id) { ...DeliveryFields } }"
    + DELIVERY_FIELDS
)

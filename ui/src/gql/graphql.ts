/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A destructive or administrative action that is audited. */
export type AuditAction =
  | 'DELETE'
  | 'REDRIVE'
  | 'REPROCESS'
  | 'RETRY';

export type CompletedPartInput = {
  etag: string;
  partNumber: number;
};

export type CreateUploadInput = {
  contentType: string;
  filename: string;
  preset?: string | null | undefined;
  size: number;
};

export type CreateWebhookInput = {
  description?: string;
  events: Array<string>;
  url: string;
};

/** Stable codes; see docs/troubleshooting.md. */
export type ErrorCode =
  | 'BAD_CURSOR'
  | 'CORRUPT'
  | 'EMPTY'
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'NOT_REPROCESSABLE'
  | 'NOT_RETRYABLE'
  | 'PROCESSING_ERROR'
  | 'QUOTA_EXCEEDED'
  | 'RATE_LIMITED'
  | 'RETRIES_EXHAUSTED'
  | 'TIMEOUT'
  | 'TOO_COMPLEX'
  | 'TOO_LARGE'
  | 'TOO_LONG'
  | 'TOO_MANY_FRAMES'
  | 'TOO_MANY_PIXELS'
  | 'TOO_MUCH_METADATA'
  | 'TYPE_MISMATCH'
  | 'UNAVAILABLE'
  | 'UNKNOWN_PRESET'
  | 'UNSUPPORTED_DIMENSIONS'
  | 'UNSUPPORTED_TYPE';

export type MediaKind =
  | 'AUDIO'
  | 'IMAGE'
  | 'VIDEO';

/** The order of mediaList: by date, name (ignoring case) or size. */
export type MediaSort =
  | 'LARGEST'
  | 'NAME'
  | 'NAME_DESC'
  | 'NEWEST'
  | 'OLDEST'
  | 'SMALLEST';

/** Where an item is in its life. */
export type MediaStatus =
  | 'AWAITING_UPLOAD'
  | 'FAILED'
  | 'PROCESSING'
  | 'READY'
  | 'REJECTED';

/** What updateMedia changes; a field left out stays as it is. */
export type UpdateMediaInput = {
  /** The new name, cleaned as an upload's is (it must not end up empty). */
  filename?: string | null | undefined;
  /** All of the item's tags (an empty list clears them): each 1 to 40 letters, digits, spaces, '-', '_' or '.', kept in lower case; at most 20. */
  tags?: Array<string> | null | undefined;
};

/** What an output is for: clients choose by it, never by `name` (which carries the preset's widths). */
export type VariantRole =
  | 'AUDIO'
  | 'IMAGE'
  | 'PEAKS'
  | 'POSTER'
  | 'PREVIEW'
  | 'STREAM'
  | 'VIDEO'
  | 'WAVEFORM';

/** Where a webhook delivery is. */
export type WebhookDeliveryStatus =
  | 'FAILED'
  | 'PENDING'
  | 'SUCCEEDED';

/** How an endpoint is doing. */
export type WebhookState =
  | 'DISABLED'
  | 'ENABLED'
  | 'FAILING';

export type AuditLogQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type AuditLogQuery = { auditLog: { edges: Array<{ cursor: string, node: { at: string, action: AuditAction, mediaId: string, who: string, detail: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type MediaListQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  status?: MediaStatus | null | undefined;
  kind?: MediaKind | null | undefined;
  tag?: string | null | undefined;
  search?: string | null | undefined;
  sort: MediaSort;
}>;


export type MediaListQuery = { mediaList: { edges: Array<{ cursor: string, node: { id: string, filename: string, kind: MediaKind, size: number, tags: Array<string>, reprocessable: boolean, status: MediaStatus, createdAt: string, updatedAt: string, blurhash: string | null, dominantColor: string | null, metadata: unknown, error: { code: ErrorCode, message: string } | null, variants: Array<{ name: string, role: VariantRole, animated: boolean, format: string, width: number, height: number, bytes: number, url: string, urlExpiresAt: string, durationSeconds: number | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type MediaDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type MediaDetailQuery = { media: { id: string, filename: string, contentType: string, kind: MediaKind, size: number, tags: Array<string>, status: MediaStatus, preset: string, reprocessable: boolean, createdAt: string, updatedAt: string, blurhash: string | null, dominantColor: string | null, metadata: unknown, error: { code: ErrorCode, message: string } | null, variants: Array<{ name: string, role: VariantRole, contentType: string, animated: boolean, format: string, width: number, height: number, bytes: number, url: string, urlExpiresAt: string, durationSeconds: number | null, bitrate: number | null, codecs: string | null }>, history: Array<{ at: string, status: MediaStatus, attempt: number, code: ErrorCode | null, note: string }> } | null };

export type PresetsQueryVariables = Exact<{ [key: string]: never; }>;


export type PresetsQuery = { presets: Array<{ name: string, description: string }> };

export type RetryProcessingMutationVariables = Exact<{
  id: string | number;
}>;


export type RetryProcessingMutation = { retryProcessing: { id: string, status: MediaStatus } };

export type CancelUploadMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelUploadMutation = { deleteMedia: boolean };

export type CreateUploadMutationVariables = Exact<{
  input: CreateUploadInput;
}>;


export type CreateUploadMutation = { createUpload: { media: { id: string, status: MediaStatus }, upload: { url: string, fields: unknown, expiresAt: string } } };

export type CreateMultipartUploadMutationVariables = Exact<{
  input: CreateUploadInput;
}>;


export type CreateMultipartUploadMutation = { createMultipartUpload: { partSize: number, media: { id: string }, parts: Array<{ partNumber: number, url: string }> } };

export type UploadPartUrlsMutationVariables = Exact<{
  id: string | number;
  partNumbers: Array<number> | number;
}>;


export type UploadPartUrlsMutation = { uploadPartUrls: Array<{ partNumber: number, url: string }> };

export type UploadedPartsQueryVariables = Exact<{
  id: string | number;
}>;


export type UploadedPartsQuery = { uploadedParts: Array<{ partNumber: number, etag: string, size: number }> };

export type CompleteMultipartUploadMutationVariables = Exact<{
  id: string | number;
  parts: Array<CompletedPartInput> | CompletedPartInput;
}>;


export type CompleteMultipartUploadMutation = { completeMultipartUpload: { id: string, status: MediaStatus } };

export type AbortUploadMutationVariables = Exact<{
  id: string | number;
}>;


export type AbortUploadMutation = { abortUpload: boolean };

export type UploadPolicyQueryVariables = Exact<{ [key: string]: never; }>;


export type UploadPolicyQuery = { uploadPolicy: { acceptedTypes: Array<string>, maxImageBytes: number, maxVideoBytes: number, maxAudioBytes: number, maxPixels: number, defaultPreset: string } };

export type UploadStatusQueryVariables = Exact<{
  id: string | number;
}>;


export type UploadStatusQuery = { media: { id: string, kind: MediaKind, status: MediaStatus, updatedAt: string, blurhash: string | null, dominantColor: string | null, error: { code: ErrorCode, message: string } | null, variants: Array<{ name: string, role: VariantRole, animated: boolean, format: string, width: number, height: number, bytes: number, url: string }> } | null };

export type UsageQueryVariables = Exact<{ [key: string]: never; }>;


export type UsageQuery = { usage: { items: number, storedBytes: number, quota: { maxItems: number, maxBytes: number } | null, estimatedCost: { storagePerMonth: number, processingToDate: number, currency: string } } };

export type CreateWebhookMutationVariables = Exact<{
  input: CreateWebhookInput;
}>;


export type CreateWebhookMutation = { createWebhook: { secret: string, webhook: { id: string, url: string } } };

export type DeleteWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteWebhookMutation = { deleteWebhook: boolean };

export type EnableWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type EnableWebhookMutation = { updateWebhook: { id: string, state: WebhookState } };

export type RedeliverWebhookMutationVariables = Exact<{
  deliveryId: string | number;
}>;


export type RedeliverWebhookMutation = { redeliverWebhook: { id: string, status: WebhookDeliveryStatus } };

export type RotateWebhookSecretMutationVariables = Exact<{
  id: string | number;
}>;


export type RotateWebhookSecretMutation = { rotateWebhookSecret: { secret: string, webhook: { id: string, url: string } } };

export type WebhookDeliveriesQueryVariables = Exact<{
  webhookId: string | number;
  first: number;
}>;


export type WebhookDeliveriesQuery = { webhookDeliveries: Array<{ id: string, event: string, mediaId: string, status: WebhookDeliveryStatus, attempts: number, responseStatus: number | null, error: string | null, durationMs: number | null, createdAt: string, nextAttemptAt: string | null }> };

export type WebhooksQueryVariables = Exact<{ [key: string]: never; }>;


export type WebhooksQuery = { webhookEvents: Array<string>, webhooks: Array<{ id: string, url: string, events: Array<string>, description: string, enabled: boolean, state: WebhookState, disabledReason: string | null, consecutiveFailures: number, createdAt: string }> };

export type LiveMediaSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type LiveMediaSubscription = { mediaUpdated: { id: string, filename: string, contentType: string, kind: MediaKind, size: number, tags: Array<string>, status: MediaStatus, preset: string, reprocessable: boolean, createdAt: string, updatedAt: string, blurhash: string | null, dominantColor: string | null, metadata: unknown, error: { code: ErrorCode, message: string } | null, variants: Array<{ name: string, role: VariantRole, contentType: string, animated: boolean, format: string, width: number, height: number, bytes: number, url: string, urlExpiresAt: string, durationSeconds: number | null, bitrate: number | null, codecs: string | null }>, history: Array<{ at: string, status: MediaStatus, attempt: number, code: ErrorCode | null, note: string }> } };

export type MediaFieldsFragment = { id: string, filename: string, contentType: string, kind: MediaKind, size: number, tags: Array<string>, status: MediaStatus, preset: string, reprocessable: boolean, createdAt: string, updatedAt: string, blurhash: string | null, dominantColor: string | null, metadata: unknown, error: { code: ErrorCode, message: string } | null, variants: Array<{ name: string, role: VariantRole, contentType: string, animated: boolean, format: string, width: number, height: number, bytes: number, url: string, urlExpiresAt: string, durationSeconds: number | null, bitrate: number | null, codecs: string | null }>, history: Array<{ at: string, status: MediaStatus, attempt: number, code: ErrorCode | null, note: string }> };

export type DeleteMediaMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteMediaMutation = { deleteMedia: boolean };

export type ReprocessMediaMutationVariables = Exact<{
  id: string | number;
  preset?: string | null | undefined;
}>;


export type ReprocessMediaMutation = { reprocessMedia: { id: string, status: MediaStatus, preset: string } };

export type UpdateMediaMutationVariables = Exact<{
  id: string | number;
  input: UpdateMediaInput;
}>;


export type UpdateMediaMutation = { updateMedia: { id: string, filename: string, tags: Array<string>, updatedAt: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const MediaFieldsFragmentDoc = new TypedDocumentString(`
    fragment MediaFields on Media {
  id
  filename
  contentType
  kind
  size
  tags
  status
  preset
  reprocessable
  createdAt
  updatedAt
  blurhash
  dominantColor
  metadata
  error {
    code
    message
  }
  variants {
    name
    role
    contentType
    animated
    format
    width
    height
    bytes
    url
    urlExpiresAt
    durationSeconds
    bitrate
    codecs
  }
  history {
    at
    status
    attempt
    code
    note
  }
}
    `, {"fragmentName":"MediaFields"}) as unknown as TypedDocumentString<MediaFieldsFragment, unknown>;
export const AuditLogDocument = new TypedDocumentString(`
    query AuditLog($first: Int!, $after: String) {
  auditLog(first: $first, after: $after) {
    edges {
      cursor
      node {
        at
        action
        mediaId
        who
        detail
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<AuditLogQuery, AuditLogQueryVariables>;
export const MediaListDocument = new TypedDocumentString(`
    query MediaList($first: Int!, $after: String, $status: MediaStatus, $kind: MediaKind, $tag: String, $search: String, $sort: MediaSort!) {
  mediaList(
    first: $first
    after: $after
    status: $status
    kind: $kind
    tag: $tag
    search: $search
    sort: $sort
  ) {
    edges {
      cursor
      node {
        id
        filename
        kind
        size
        tags
        reprocessable
        status
        createdAt
        updatedAt
        blurhash
        dominantColor
        metadata
        error {
          code
          message
        }
        variants {
          name
          role
          animated
          format
          width
          height
          bytes
          url
          urlExpiresAt
          durationSeconds
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<MediaListQuery, MediaListQueryVariables>;
export const MediaDetailDocument = new TypedDocumentString(`
    query MediaDetail($id: ID!) {
  media(id: $id) {
    ...MediaFields
  }
}
    fragment MediaFields on Media {
  id
  filename
  contentType
  kind
  size
  tags
  status
  preset
  reprocessable
  createdAt
  updatedAt
  blurhash
  dominantColor
  metadata
  error {
    code
    message
  }
  variants {
    name
    role
    contentType
    animated
    format
    width
    height
    bytes
    url
    urlExpiresAt
    durationSeconds
    bitrate
    codecs
  }
  history {
    at
    status
    attempt
    code
    note
  }
}`) as unknown as TypedDocumentString<MediaDetailQuery, MediaDetailQueryVariables>;
export const PresetsDocument = new TypedDocumentString(`
    query Presets {
  presets {
    name
    description
  }
}
    `) as unknown as TypedDocumentString<PresetsQuery, PresetsQueryVariables>;
export const RetryProcessingDocument = new TypedDocumentString(`
    mutation RetryProcessing($id: ID!) {
  retryProcessing(id: $id) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<RetryProcessingMutation, RetryProcessingMutationVariables>;
export const CancelUploadDocument = new TypedDocumentString(`
    mutation CancelUpload($id: ID!) {
  deleteMedia(id: $id)
}
    `) as unknown as TypedDocumentString<CancelUploadMutation, CancelUploadMutationVariables>;
export const CreateUploadDocument = new TypedDocumentString(`
    mutation CreateUpload($input: CreateUploadInput!) {
  createUpload(input: $input) {
    media {
      id
      status
    }
    upload {
      url
      fields
      expiresAt
    }
  }
}
    `) as unknown as TypedDocumentString<CreateUploadMutation, CreateUploadMutationVariables>;
export const CreateMultipartUploadDocument = new TypedDocumentString(`
    mutation CreateMultipartUpload($input: CreateUploadInput!) {
  createMultipartUpload(input: $input) {
    media {
      id
    }
    partSize
    parts {
      partNumber
      url
    }
  }
}
    `) as unknown as TypedDocumentString<CreateMultipartUploadMutation, CreateMultipartUploadMutationVariables>;
export const UploadPartUrlsDocument = new TypedDocumentString(`
    mutation UploadPartUrls($id: ID!, $partNumbers: [Int!]!) {
  uploadPartUrls(id: $id, partNumbers: $partNumbers) {
    partNumber
    url
  }
}
    `) as unknown as TypedDocumentString<UploadPartUrlsMutation, UploadPartUrlsMutationVariables>;
export const UploadedPartsDocument = new TypedDocumentString(`
    query UploadedParts($id: ID!) {
  uploadedParts(id: $id) {
    partNumber
    etag
    size
  }
}
    `) as unknown as TypedDocumentString<UploadedPartsQuery, UploadedPartsQueryVariables>;
export const CompleteMultipartUploadDocument = new TypedDocumentString(`
    mutation CompleteMultipartUpload($id: ID!, $parts: [CompletedPartInput!]!) {
  completeMultipartUpload(id: $id, parts: $parts) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<CompleteMultipartUploadMutation, CompleteMultipartUploadMutationVariables>;
export const AbortUploadDocument = new TypedDocumentString(`
    mutation AbortUpload($id: ID!) {
  abortUpload(id: $id)
}
    `) as unknown as TypedDocumentString<AbortUploadMutation, AbortUploadMutationVariables>;
export const UploadPolicyDocument = new TypedDocumentString(`
    query UploadPolicy {
  uploadPolicy {
    acceptedTypes
    maxImageBytes
    maxVideoBytes
    maxAudioBytes
    maxPixels
    defaultPreset
  }
}
    `) as unknown as TypedDocumentString<UploadPolicyQuery, UploadPolicyQueryVariables>;
export const UploadStatusDocument = new TypedDocumentString(`
    query UploadStatus($id: ID!) {
  media(id: $id) {
    id
    kind
    status
    updatedAt
    error {
      code
      message
    }
    blurhash
    dominantColor
    variants {
      name
      role
      animated
      format
      width
      height
      bytes
      url
    }
  }
}
    `) as unknown as TypedDocumentString<UploadStatusQuery, UploadStatusQueryVariables>;
export const UsageDocument = new TypedDocumentString(`
    query Usage {
  usage {
    items
    storedBytes
    quota {
      maxItems
      maxBytes
    }
    estimatedCost {
      storagePerMonth
      processingToDate
      currency
    }
  }
}
    `) as unknown as TypedDocumentString<UsageQuery, UsageQueryVariables>;
export const CreateWebhookDocument = new TypedDocumentString(`
    mutation CreateWebhook($input: CreateWebhookInput!) {
  createWebhook(input: $input) {
    secret
    webhook {
      id
      url
    }
  }
}
    `) as unknown as TypedDocumentString<CreateWebhookMutation, CreateWebhookMutationVariables>;
export const DeleteWebhookDocument = new TypedDocumentString(`
    mutation DeleteWebhook($id: ID!) {
  deleteWebhook(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteWebhookMutation, DeleteWebhookMutationVariables>;
export const EnableWebhookDocument = new TypedDocumentString(`
    mutation EnableWebhook($id: ID!) {
  updateWebhook(id: $id, input: { enabled: true }) {
    id
    state
  }
}
    `) as unknown as TypedDocumentString<EnableWebhookMutation, EnableWebhookMutationVariables>;
export const RedeliverWebhookDocument = new TypedDocumentString(`
    mutation RedeliverWebhook($deliveryId: ID!) {
  redeliverWebhook(deliveryId: $deliveryId) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<RedeliverWebhookMutation, RedeliverWebhookMutationVariables>;
export const RotateWebhookSecretDocument = new TypedDocumentString(`
    mutation RotateWebhookSecret($id: ID!) {
  rotateWebhookSecret(id: $id) {
    secret
    webhook {
      id
      url
    }
  }
}
    `) as unknown as TypedDocumentString<RotateWebhookSecretMutation, RotateWebhookSecretMutationVariables>;
export const WebhookDeliveriesDocument = new TypedDocumentString(`
    query WebhookDeliveries($webhookId: ID!, $first: Int!) {
  webhookDeliveries(webhookId: $webhookId, first: $first) {
    id
    event
    mediaId
    status
    attempts
    responseStatus
    error
    durationMs
    createdAt
    nextAttemptAt
  }
}
    `) as unknown as TypedDocumentString<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;
export const WebhooksDocument = new TypedDocumentString(`
    query Webhooks {
  webhooks {
    id
    url
    events
    description
    enabled
    state
    disabledReason
    consecutiveFailures
    createdAt
  }
  webhookEvents
}
    `) as unknown as TypedDocumentString<WebhooksQuery, WebhooksQueryVariables>;
export const LiveMediaDocument = new TypedDocumentString(`
    subscription LiveMedia {
  mediaUpdated {
    ...MediaFields
  }
}
    fragment MediaFields on Media {
  id
  filename
  contentType
  kind
  size
  tags
  status
  preset
  reprocessable
  createdAt
  updatedAt
  blurhash
  dominantColor
  metadata
  error {
    code
    message
  }
  variants {
    name
    role
    contentType
    animated
    format
    width
    height
    bytes
    url
    urlExpiresAt
    durationSeconds
    bitrate
    codecs
  }
  history {
    at
    status
    attempt
    code
    note
  }
}`) as unknown as TypedDocumentString<LiveMediaSubscription, LiveMediaSubscriptionVariables>;
export const DeleteMediaDocument = new TypedDocumentString(`
    mutation DeleteMedia($id: ID!) {
  deleteMedia(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteMediaMutation, DeleteMediaMutationVariables>;
export const ReprocessMediaDocument = new TypedDocumentString(`
    mutation ReprocessMedia($id: ID!, $preset: String) {
  reprocessMedia(id: $id, preset: $preset) {
    id
    status
    preset
  }
}
    `) as unknown as TypedDocumentString<ReprocessMediaMutation, ReprocessMediaMutationVariables>;
export const UpdateMediaDocument = new TypedDocumentString(`
    mutation UpdateMedia($id: ID!, $input: UpdateMediaInput!) {
  updateMedia(id: $id, input: $input) {
    id
    filename
    tags
    updatedAt
  }
}
    `) as unknown as TypedDocumentString<UpdateMediaMutation, UpdateMediaMutationVariables>;
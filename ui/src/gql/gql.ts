/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query AuditLog($first: Int!, $after: String) {\n    auditLog(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          at\n          action\n          mediaId\n          who\n          detail\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.AuditLogDocument,
    "\n  query MediaList(\n    $first: Int!\n    $after: String\n    $status: MediaStatus\n    $kind: MediaKind\n    $tag: String\n    $search: String\n    $sort: MediaSort!\n  ) {\n    mediaList(first: $first, after: $after, status: $status, kind: $kind, tag: $tag, search: $search, sort: $sort) {\n      edges {\n        cursor\n        node {\n          id\n          filename\n          kind\n          size\n          tags\n          reprocessable\n          status\n          createdAt\n          updatedAt\n          blurhash\n          dominantColor\n          metadata\n          error {\n            code\n            message\n          }\n          variants {\n            name\n            role\n            animated\n            format\n            width\n            height\n            bytes\n            url\n            urlExpiresAt\n            durationSeconds\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.MediaListDocument,
    "\n  query MediaDetail($id: ID!) {\n    media(id: $id) {\n      ...MediaFields\n    }\n  }\n": typeof types.MediaDetailDocument,
    "\n  query Presets {\n    presets {\n      name\n      description\n    }\n  }\n": typeof types.PresetsDocument,
    "\n  mutation RetryProcessing($id: ID!) {\n    retryProcessing(id: $id) {\n      id\n      status\n    }\n  }\n": typeof types.RetryProcessingDocument,
    "\n  mutation CancelUpload($id: ID!) {\n    deleteMedia(id: $id)\n  }\n": typeof types.CancelUploadDocument,
    "\n  mutation CreateUpload($input: CreateUploadInput!) {\n    createUpload(input: $input) {\n      media {\n        id\n        status\n      }\n      upload {\n        url\n        fields\n        expiresAt\n      }\n    }\n  }\n": typeof types.CreateUploadDocument,
    "\n  mutation CreateMultipartUpload($input: CreateUploadInput!) {\n    createMultipartUpload(input: $input) {\n      media {\n        id\n      }\n      partSize\n      parts {\n        partNumber\n        url\n      }\n    }\n  }\n": typeof types.CreateMultipartUploadDocument,
    "\n  mutation UploadPartUrls($id: ID!, $partNumbers: [Int!]!) {\n    uploadPartUrls(id: $id, partNumbers: $partNumbers) {\n      partNumber\n      url\n    }\n  }\n": typeof types.UploadPartUrlsDocument,
    "\n  query UploadedParts($id: ID!) {\n    uploadedParts(id: $id) {\n      partNumber\n      etag\n      size\n    }\n  }\n": typeof types.UploadedPartsDocument,
    "\n  mutation CompleteMultipartUpload($id: ID!, $parts: [CompletedPartInput!]!) {\n    completeMultipartUpload(id: $id, parts: $parts) {\n      id\n      status\n    }\n  }\n": typeof types.CompleteMultipartUploadDocument,
    "\n  mutation AbortUpload($id: ID!) {\n    abortUpload(id: $id)\n  }\n": typeof types.AbortUploadDocument,
    "\n  query UploadPolicy {\n    uploadPolicy {\n      acceptedTypes\n      maxImageBytes\n      maxVideoBytes\n      maxAudioBytes\n      maxPixels\n      defaultPreset\n    }\n  }\n": typeof types.UploadPolicyDocument,
    "\n  query UploadStatus($id: ID!) {\n    media(id: $id) {\n      id\n      kind\n      status\n      updatedAt\n      error {\n        code\n        message\n      }\n      blurhash\n      dominantColor\n      variants {\n        name\n        role\n        animated\n        format\n        width\n        height\n        bytes\n        url\n      }\n    }\n  }\n": typeof types.UploadStatusDocument,
    "\n  query Usage {\n    usage {\n      items\n      storedBytes\n      quota {\n        maxItems\n        maxBytes\n      }\n      estimatedCost {\n        storagePerMonth\n        processingToDate\n        currency\n      }\n    }\n  }\n": typeof types.UsageDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        id\n        url\n      }\n    }\n  }\n": typeof types.CreateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": typeof types.DeleteWebhookDocument,
    "\n  mutation EnableWebhook($id: ID!) {\n    updateWebhook(id: $id, input: { enabled: true }) {\n      id\n      state\n    }\n  }\n": typeof types.EnableWebhookDocument,
    "\n  mutation RedeliverWebhook($deliveryId: ID!) {\n    redeliverWebhook(deliveryId: $deliveryId) {\n      id\n      status\n    }\n  }\n": typeof types.RedeliverWebhookDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      webhook {\n        id\n        url\n      }\n    }\n  }\n": typeof types.RotateWebhookSecretDocument,
    "\n  query WebhookDeliveries($webhookId: ID!, $first: Int!) {\n    webhookDeliveries(webhookId: $webhookId, first: $first) {\n      id\n      event\n      mediaId\n      status\n      attempts\n      responseStatus\n      error\n      durationMs\n      createdAt\n      nextAttemptAt\n    }\n  }\n": typeof types.WebhookDeliveriesDocument,
    "\n  query Webhooks {\n    webhooks {\n      id\n      url\n      events\n      description\n      enabled\n      state\n      disabledReason\n      consecutiveFailures\n      createdAt\n    }\n    webhookEvents\n  }\n": typeof types.WebhooksDocument,
    "\n  subscription LiveMedia {\n    mediaUpdated {\n      ...MediaFields\n    }\n  }\n": typeof types.LiveMediaDocument,
    "\n  fragment MediaFields on Media {\n    id\n    filename\n    contentType\n    kind\n    size\n    tags\n    status\n    preset\n    reprocessable\n    createdAt\n    updatedAt\n    blurhash\n    dominantColor\n    metadata\n    error {\n      code\n      message\n    }\n    variants {\n      name\n      role\n      contentType\n      animated\n      format\n      width\n      height\n      bytes\n      url\n      urlExpiresAt\n      durationSeconds\n      bitrate\n      codecs\n    }\n    history {\n      at\n      status\n      attempt\n      code\n      note\n    }\n  }\n": typeof types.MediaFieldsFragmentDoc,
    "\n  mutation DeleteMedia($id: ID!) {\n    deleteMedia(id: $id)\n  }\n": typeof types.DeleteMediaDocument,
    "\n  mutation ReprocessMedia($id: ID!, $preset: String) {\n    reprocessMedia(id: $id, preset: $preset) {\n      id\n      status\n      preset\n    }\n  }\n": typeof types.ReprocessMediaDocument,
    "\n  mutation UpdateMedia($id: ID!, $input: UpdateMediaInput!) {\n    updateMedia(id: $id, input: $input) {\n      id\n      filename\n      tags\n      updatedAt\n    }\n  }\n": typeof types.UpdateMediaDocument,
};
const documents: Documents = {
    "\n  query AuditLog($first: Int!, $after: String) {\n    auditLog(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          at\n          action\n          mediaId\n          who\n          detail\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.AuditLogDocument,
    "\n  query MediaList(\n    $first: Int!\n    $after: String\n    $status: MediaStatus\n    $kind: MediaKind\n    $tag: String\n    $search: String\n    $sort: MediaSort!\n  ) {\n    mediaList(first: $first, after: $after, status: $status, kind: $kind, tag: $tag, search: $search, sort: $sort) {\n      edges {\n        cursor\n        node {\n          id\n          filename\n          kind\n          size\n          tags\n          reprocessable\n          status\n          createdAt\n          updatedAt\n          blurhash\n          dominantColor\n          metadata\n          error {\n            code\n            message\n          }\n          variants {\n            name\n            role\n            animated\n            format\n            width\n            height\n            bytes\n            url\n            urlExpiresAt\n            durationSeconds\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.MediaListDocument,
    "\n  query MediaDetail($id: ID!) {\n    media(id: $id) {\n      ...MediaFields\n    }\n  }\n": types.MediaDetailDocument,
    "\n  query Presets {\n    presets {\n      name\n      description\n    }\n  }\n": types.PresetsDocument,
    "\n  mutation RetryProcessing($id: ID!) {\n    retryProcessing(id: $id) {\n      id\n      status\n    }\n  }\n": types.RetryProcessingDocument,
    "\n  mutation CancelUpload($id: ID!) {\n    deleteMedia(id: $id)\n  }\n": types.CancelUploadDocument,
    "\n  mutation CreateUpload($input: CreateUploadInput!) {\n    createUpload(input: $input) {\n      media {\n        id\n        status\n      }\n      upload {\n        url\n        fields\n        expiresAt\n      }\n    }\n  }\n": types.CreateUploadDocument,
    "\n  mutation CreateMultipartUpload($input: CreateUploadInput!) {\n    createMultipartUpload(input: $input) {\n      media {\n        id\n      }\n      partSize\n      parts {\n        partNumber\n        url\n      }\n    }\n  }\n": types.CreateMultipartUploadDocument,
    "\n  mutation UploadPartUrls($id: ID!, $partNumbers: [Int!]!) {\n    uploadPartUrls(id: $id, partNumbers: $partNumbers) {\n      partNumber\n      url\n    }\n  }\n": types.UploadPartUrlsDocument,
    "\n  query UploadedParts($id: ID!) {\n    uploadedParts(id: $id) {\n      partNumber\n      etag\n      size\n    }\n  }\n": types.UploadedPartsDocument,
    "\n  mutation CompleteMultipartUpload($id: ID!, $parts: [CompletedPartInput!]!) {\n    completeMultipartUpload(id: $id, parts: $parts) {\n      id\n      status\n    }\n  }\n": types.CompleteMultipartUploadDocument,
    "\n  mutation AbortUpload($id: ID!) {\n    abortUpload(id: $id)\n  }\n": types.AbortUploadDocument,
    "\n  query UploadPolicy {\n    uploadPolicy {\n      acceptedTypes\n      maxImageBytes\n      maxVideoBytes\n      maxAudioBytes\n      maxPixels\n      defaultPreset\n    }\n  }\n": types.UploadPolicyDocument,
    "\n  query UploadStatus($id: ID!) {\n    media(id: $id) {\n      id\n      kind\n      status\n      updatedAt\n      error {\n        code\n        message\n      }\n      blurhash\n      dominantColor\n      variants {\n        name\n        role\n        animated\n        format\n        width\n        height\n        bytes\n        url\n      }\n    }\n  }\n": types.UploadStatusDocument,
    "\n  query Usage {\n    usage {\n      items\n      storedBytes\n      quota {\n        maxItems\n        maxBytes\n      }\n      estimatedCost {\n        storagePerMonth\n        processingToDate\n        currency\n      }\n    }\n  }\n": types.UsageDocument,
    "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        id\n        url\n      }\n    }\n  }\n": types.CreateWebhookDocument,
    "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n": types.DeleteWebhookDocument,
    "\n  mutation EnableWebhook($id: ID!) {\n    updateWebhook(id: $id, input: { enabled: true }) {\n      id\n      state\n    }\n  }\n": types.EnableWebhookDocument,
    "\n  mutation RedeliverWebhook($deliveryId: ID!) {\n    redeliverWebhook(deliveryId: $deliveryId) {\n      id\n      status\n    }\n  }\n": types.RedeliverWebhookDocument,
    "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      webhook {\n        id\n        url\n      }\n    }\n  }\n": types.RotateWebhookSecretDocument,
    "\n  query WebhookDeliveries($webhookId: ID!, $first: Int!) {\n    webhookDeliveries(webhookId: $webhookId, first: $first) {\n      id\n      event\n      mediaId\n      status\n      attempts\n      responseStatus\n      error\n      durationMs\n      createdAt\n      nextAttemptAt\n    }\n  }\n": types.WebhookDeliveriesDocument,
    "\n  query Webhooks {\n    webhooks {\n      id\n      url\n      events\n      description\n      enabled\n      state\n      disabledReason\n      consecutiveFailures\n      createdAt\n    }\n    webhookEvents\n  }\n": types.WebhooksDocument,
    "\n  subscription LiveMedia {\n    mediaUpdated {\n      ...MediaFields\n    }\n  }\n": types.LiveMediaDocument,
    "\n  fragment MediaFields on Media {\n    id\n    filename\n    contentType\n    kind\n    size\n    tags\n    status\n    preset\n    reprocessable\n    createdAt\n    updatedAt\n    blurhash\n    dominantColor\n    metadata\n    error {\n      code\n      message\n    }\n    variants {\n      name\n      role\n      contentType\n      animated\n      format\n      width\n      height\n      bytes\n      url\n      urlExpiresAt\n      durationSeconds\n      bitrate\n      codecs\n    }\n    history {\n      at\n      status\n      attempt\n      code\n      note\n    }\n  }\n": types.MediaFieldsFragmentDoc,
    "\n  mutation DeleteMedia($id: ID!) {\n    deleteMedia(id: $id)\n  }\n": types.DeleteMediaDocument,
    "\n  mutation ReprocessMedia($id: ID!, $preset: String) {\n    reprocessMedia(id: $id, preset: $preset) {\n      id\n      status\n      preset\n    }\n  }\n": types.ReprocessMediaDocument,
    "\n  mutation UpdateMedia($id: ID!, $input: UpdateMediaInput!) {\n    updateMedia(id: $id, input: $input) {\n      id\n      filename\n      tags\n      updatedAt\n    }\n  }\n": types.UpdateMediaDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLog($first: Int!, $after: String) {\n    auditLog(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          at\n          action\n          mediaId\n          who\n          detail\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').AuditLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MediaList(\n    $first: Int!\n    $after: String\n    $status: MediaStatus\n    $kind: MediaKind\n    $tag: String\n    $search: String\n    $sort: MediaSort!\n  ) {\n    mediaList(first: $first, after: $after, status: $status, kind: $kind, tag: $tag, search: $search, sort: $sort) {\n      edges {\n        cursor\n        node {\n          id\n          filename\n          kind\n          size\n          tags\n          reprocessable\n          status\n          createdAt\n          updatedAt\n          blurhash\n          dominantColor\n          metadata\n          error {\n            code\n            message\n          }\n          variants {\n            name\n            role\n            animated\n            format\n            width\n            height\n            bytes\n            url\n            urlExpiresAt\n            durationSeconds\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').MediaListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MediaDetail($id: ID!) {\n    media(id: $id) {\n      ...MediaFields\n    }\n  }\n"): typeof import('./graphql').MediaDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Presets {\n    presets {\n      name\n      description\n    }\n  }\n"): typeof import('./graphql').PresetsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RetryProcessing($id: ID!) {\n    retryProcessing(id: $id) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').RetryProcessingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelUpload($id: ID!) {\n    deleteMedia(id: $id)\n  }\n"): typeof import('./graphql').CancelUploadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateUpload($input: CreateUploadInput!) {\n    createUpload(input: $input) {\n      media {\n        id\n        status\n      }\n      upload {\n        url\n        fields\n        expiresAt\n      }\n    }\n  }\n"): typeof import('./graphql').CreateUploadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateMultipartUpload($input: CreateUploadInput!) {\n    createMultipartUpload(input: $input) {\n      media {\n        id\n      }\n      partSize\n      parts {\n        partNumber\n        url\n      }\n    }\n  }\n"): typeof import('./graphql').CreateMultipartUploadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UploadPartUrls($id: ID!, $partNumbers: [Int!]!) {\n    uploadPartUrls(id: $id, partNumbers: $partNumbers) {\n      partNumber\n      url\n    }\n  }\n"): typeof import('./graphql').UploadPartUrlsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UploadedParts($id: ID!) {\n    uploadedParts(id: $id) {\n      partNumber\n      etag\n      size\n    }\n  }\n"): typeof import('./graphql').UploadedPartsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CompleteMultipartUpload($id: ID!, $parts: [CompletedPartInput!]!) {\n    completeMultipartUpload(id: $id, parts: $parts) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').CompleteMultipartUploadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AbortUpload($id: ID!) {\n    abortUpload(id: $id)\n  }\n"): typeof import('./graphql').AbortUploadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UploadPolicy {\n    uploadPolicy {\n      acceptedTypes\n      maxImageBytes\n      maxVideoBytes\n      maxAudioBytes\n      maxPixels\n      defaultPreset\n    }\n  }\n"): typeof import('./graphql').UploadPolicyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UploadStatus($id: ID!) {\n    media(id: $id) {\n      id\n      kind\n      status\n      updatedAt\n      error {\n        code\n        message\n      }\n      blurhash\n      dominantColor\n      variants {\n        name\n        role\n        animated\n        format\n        width\n        height\n        bytes\n        url\n      }\n    }\n  }\n"): typeof import('./graphql').UploadStatusDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Usage {\n    usage {\n      items\n      storedBytes\n      quota {\n        maxItems\n        maxBytes\n      }\n      estimatedCost {\n        storagePerMonth\n        processingToDate\n        currency\n      }\n    }\n  }\n"): typeof import('./graphql').UsageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      secret\n      webhook {\n        id\n        url\n      }\n    }\n  }\n"): typeof import('./graphql').CreateWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteWebhook($id: ID!) {\n    deleteWebhook(id: $id)\n  }\n"): typeof import('./graphql').DeleteWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EnableWebhook($id: ID!) {\n    updateWebhook(id: $id, input: { enabled: true }) {\n      id\n      state\n    }\n  }\n"): typeof import('./graphql').EnableWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RedeliverWebhook($deliveryId: ID!) {\n    redeliverWebhook(deliveryId: $deliveryId) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').RedeliverWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateWebhookSecret($id: ID!) {\n    rotateWebhookSecret(id: $id) {\n      secret\n      webhook {\n        id\n        url\n      }\n    }\n  }\n"): typeof import('./graphql').RotateWebhookSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WebhookDeliveries($webhookId: ID!, $first: Int!) {\n    webhookDeliveries(webhookId: $webhookId, first: $first) {\n      id\n      event\n      mediaId\n      status\n      attempts\n      responseStatus\n      error\n      durationMs\n      createdAt\n      nextAttemptAt\n    }\n  }\n"): typeof import('./graphql').WebhookDeliveriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Webhooks {\n    webhooks {\n      id\n      url\n      events\n      description\n      enabled\n      state\n      disabledReason\n      consecutiveFailures\n      createdAt\n    }\n    webhookEvents\n  }\n"): typeof import('./graphql').WebhooksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LiveMedia {\n    mediaUpdated {\n      ...MediaFields\n    }\n  }\n"): typeof import('./graphql').LiveMediaDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MediaFields on Media {\n    id\n    filename\n    contentType\n    kind\n    size\n    tags\n    status\n    preset\n    reprocessable\n    createdAt\n    updatedAt\n    blurhash\n    dominantColor\n    metadata\n    error {\n      code\n      message\n    }\n    variants {\n      name\n      role\n      contentType\n      animated\n      format\n      width\n      height\n      bytes\n      url\n      urlExpiresAt\n      durationSeconds\n      bitrate\n      codecs\n    }\n    history {\n      at\n      status\n      attempt\n      code\n      note\n    }\n  }\n"): typeof import('./graphql').MediaFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteMedia($id: ID!) {\n    deleteMedia(id: $id)\n  }\n"): typeof import('./graphql').DeleteMediaDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReprocessMedia($id: ID!, $preset: String) {\n    reprocessMedia(id: $id, preset: $preset) {\n      id\n      status\n      preset\n    }\n  }\n"): typeof import('./graphql').ReprocessMediaDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMedia($id: ID!, $input: UpdateMediaInput!) {\n    updateMedia(id: $id, input: $input) {\n      id\n      filename\n      tags\n      updatedAt\n    }\n  }\n"): typeof import('./graphql').UpdateMediaDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

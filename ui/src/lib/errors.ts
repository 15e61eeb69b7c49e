import type { ErrorCode } from "@/gql/graphql";

import type { TransportErrorCode } from "./graphql-client";

/** Codes the browser side adds: client-side checks and the direct-to-storage upload. */
export type ClientErrorCode =
  TransportErrorCode | "UPLOAD_FAILED" | "UPLOAD_EXPIRED" | "UNKNOWN_TYPE" | "STILL_PROCESSING" | "UNKNOWN";

export type AnyErrorCode = ErrorCode | ClientErrorCode;

/** One helpful sentence per code. Typed as a complete record, so a new ErrorCode in the schema fails the build. */
const API_MESSAGES: Record<ErrorCode, string> = {
  UNSUPPORTED_TYPE: "This kind of file isn't supported.",
  TYPE_MISMATCH: "The file's contents don't match its type. It may have been renamed from another format.",
  TOO_LARGE: "This file is larger than the size limit.",
  TOO_MANY_PIXELS: "This image has too many pixels to process safely.",
  UNSUPPORTED_DIMENSIONS: "This image is too long or too narrow to process. Crop or split it and try again.",
  TOO_MUCH_METADATA: "This image carries too much extra data (comments, text or tags) to process safely.",
  TOO_MANY_FRAMES: "This animation has too many frames to process.",
  TOO_LONG: "This recording is longer than the time limit.",
  CORRUPT: "This file looks damaged and couldn't be read.",
  EMPTY: "This file is empty.",
  TOO_COMPLEX: "This file took longer to process than the time limit allows. A smaller or simpler file will work.",
  RETRIES_EXHAUSTED: "Processing failed after several attempts. You can try again.",
  TIMEOUT: "Processing took too long and was stopped. You can try again.",
  PROCESSING_ERROR: "Something went wrong while processing this file. You can try again.",
  INVALID_INPUT: "The request wasn't valid.",
  UNKNOWN_PRESET: "That processing preset doesn't exist.",
  NOT_FOUND: "This item doesn't exist, or it was deleted.",
  NOT_RETRYABLE: "Only failed items can be processed again.",
  NOT_REPROCESSABLE: "Only finished items (or ones rejected for a limit) can be reprocessed.",
  BAD_CURSOR: "The list changed while paging. Reload to start from the top.",
  QUOTA_EXCEEDED: "Your storage is full: delete some media to make room, then upload again.",
  RATE_LIMITED: "That's a lot at once. Wait a moment, then try again.",
  UNAVAILABLE: "The service is busy right now. Please try again in a moment.",
};

const CLIENT_MESSAGES: Record<ClientErrorCode, string> = {
  NETWORK: "Couldn't reach the server. Check that the stack is running and try again.",
  UNAUTHENTICATED: "Your session has ended. Sign in again to carry on.",
  FORBIDDEN: "The server didn't accept this app's API key. Reload the page; if it persists, check config.json.",
  HTTP_ERROR: "The server ran into a problem. Please try again.",
  BAD_RESPONSE: "The server sent an answer this app doesn't understand.",
  UPLOAD_FAILED: "The upload didn't go through. Please try again.",
  UPLOAD_EXPIRED: "The upload took too long and its permission expired. Please try again.",
  UNKNOWN_TYPE: "We couldn't tell what kind of file this is.",
  STILL_PROCESSING: "This is taking longer than usual. It will appear in the gallery when it's done.",
  UNKNOWN: "Something went wrong. Please try again.",
};

/** A code the API (or an item) gave, whose message is the server's own words: worth showing beside ours.
 * The browser's own codes come with messages that only repeat our sentence. */
export function isApiCode(code: string): code is ErrorCode {
  return Object.hasOwn(API_MESSAGES, code);
}

function isClientCode(code: string): code is ClientErrorCode {
  return Object.hasOwn(CLIENT_MESSAGES, code);
}

/** A friendly sentence for any code; unknown codes fall back to a generic sentence. */
export function describeError(code: string | null | undefined): string {
  if (code && isApiCode(code)) return API_MESSAGES[code];
  if (code && isClientCode(code)) return CLIENT_MESSAGES[code];
  return CLIENT_MESSAGES.UNKNOWN;
}

/** True when trying again could help (the item FAILED, or the request never got through). */
export function isRetryableCode(code: string | null | undefined): boolean {
  return (
    code === "RETRIES_EXHAUSTED" ||
    code === "TIMEOUT" ||
    code === "PROCESSING_ERROR" ||
    code === "UNAVAILABLE" ||
    code === "NETWORK" ||
    code === "HTTP_ERROR" ||
    code === "UPLOAD_FAILED" ||
    code === "UPLOAD_EXPIRED"
  );
}

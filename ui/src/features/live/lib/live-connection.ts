import { createClient } from "graphql-ws";

import { backoffDelay } from "@/utils/backoff";

import { LiveMediaDocument, type LiveMedia } from "@/lib/live/live-media";

import type { LiveHub } from "@/lib/live/live-hub";

/** Reconnects back off like the status polls do, from half a second to five. */
const RECONNECT = { initialMs: 500, factor: 2, maxMs: 5000 };

/**
 * Opens the stack's WebSocket for the signed-in person and keeps it open: every push goes to the
 * hub, every drop is retried with backoff for as long as the connection is wanted. The ID token
 * is sent in `connection_init`, as the protocol (and the realtime function) expects; a fresh one
 * on every reconnect. Returns a function that closes it for good.
 */
export function connectLive(url: string, token: () => Promise<string>, hub: LiveHub): () => void {
  const client = createClient({
    url,
    connectionParams: async () => ({ Authorization: `Bearer ${await token()}` }),
    lazy: false,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, backoffDelay(retries, RECONNECT))),
    on: {
      connecting: () => hub.setState("connecting"),
      connected: () => hub.setState("open"),
      closed: () => hub.setState("connecting"),
    },
  });
  const stop = client.subscribe<{ mediaUpdated: LiveMedia }>(
    { query: LiveMediaDocument.toString() },
    {
      next: ({ data }) => data && hub.push(data.mediaUpdated),
      error: () => hub.setState("connecting"),
      complete: () => undefined,
    },
  );
  return () => {
    stop();
    void client.dispose();
    hub.setState("off");
  };
}

import { createClient } from "graphql-ws";

import { type LiveHub } from "@/lib/live/live-hub";
import { LiveMediaDocument, type LiveMedia } from "@/lib/live/live-media";
import { backoffDelay } from "@/utils/backoff";

/** Reconnects back off from half a second to five; a refused or ended connection from one to thirty. */
const RECONNECT = { initialMs: 500, factor: 2, maxMs: 5000 };
const RESUBSCRIBE = { initialMs: 1000, factor: 2, maxMs: 30_000 };

/**
 * Opens the stack's WebSocket for the signed-in person and keeps it open: every push goes to the
 * hub, every drop is retried with backoff for as long as the connection is wanted. The ID token is
 * sent in `connection_init`, as the protocol (and the realtime function) expects, a fresh one on
 * every connect. graphql-ws retries a dropped socket itself but gives up on a normal closure or a
 * refusal (API Gateway closes both with 1000): the subscription then starts again, after a longer
 * wait, and meanwhile the views poll. Returns a function that closes it for good.
 */
export function connectLive(url: string, token: () => Promise<string>, hub: LiveHub): () => void {
  const client = createClient({
    url,
    connectionParams: async () => ({ Authorization: `Bearer ${await token()}` }),
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, backoffDelay(retries, RECONNECT))),
    on: {
      connecting: () => hub.setState("connecting"),
      connected: () => {
        failures = 0;
        hub.setState("open");
      },
      closed: () => hub.setState("connecting"),
    },
  });
  let stopped = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe = () => {};
  const again = () => {
    if (stopped) return;
    hub.setState("connecting");
    timer = setTimeout(start, backoffDelay(failures, RESUBSCRIBE));
    failures += 1;
  };
  const start = () => {
    unsubscribe = client.subscribe<{ mediaUpdated: LiveMedia }>(
      { query: LiveMediaDocument.toString() },
      { next: ({ data }) => data && hub.push(data.mediaUpdated), error: again, complete: again },
    );
  };
  start();
  return () => {
    stopped = true;
    clearTimeout(timer);
    unsubscribe();
    void Promise.resolve(client.dispose()).catch(() => undefined); // closing a socket that never opened
    hub.setState("off");
  };
}

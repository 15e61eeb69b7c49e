import { graphql } from "@/gql/gql";
import type { LiveMediaSubscription } from "@/gql/graphql";

/**
 * Every change of the signed-in person's items, pushed over the stack's WebSocket. It selects the
 * whole item (lib/media-fields.ts: what the detail page selects, a superset of what the gallery tile
 * and the upload row show), so each can take a push as it is.
 */
export const LiveMediaDocument = graphql(`
  subscription LiveMedia {
    mediaUpdated {
      ...MediaFields
    }
  }
`);

export type LiveMedia = LiveMediaSubscription["mediaUpdated"];

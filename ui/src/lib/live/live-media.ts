import { graphql } from "@/gql/gql";
import type { LiveMediaSubscription } from "@/gql/graphql";

/**
 * Every change of the signed-in person's items, pushed over the stack's WebSocket. It selects what
 * the gallery tile, the upload row and the detail page (its history too) show, so each can take a
 * push as it is.
 */
export const LiveMediaDocument = graphql(`
  subscription LiveMedia {
    mediaUpdated {
      id
      filename
      contentType
      kind
      size
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
  }
`);

export type LiveMedia = LiveMediaSubscription["mediaUpdated"];

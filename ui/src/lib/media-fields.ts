import { graphql } from "@/gql/gql";

/**
 * A whole item, as the detail page shows it: its facts, every variant with what players need, and
 * its history. One selection for the two places that hold a whole item, the detail query and the
 * live push (a push replaces what the cache holds, so it must carry all of it), so they cannot drift.
 */
export const MediaFieldsFragment = graphql(`
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
`);

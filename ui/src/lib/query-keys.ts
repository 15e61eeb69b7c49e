/**
 * TanStack Query keys shared across features (the gallery lists what the detail view changes), kept
 * in one place so invalidation never misses a spelling.
 */
export const queryKeys = {
  mediaList: ["media-list"] as const,
  media: (id: string) => ["media", id] as const,
  // Under the item's key, so what invalidates the item (a reprocess) refreshes its peaks too.
  peaks: (id: string, object: string) => ["media", id, "peaks", object] as const,
  uploadPolicy: ["upload-policy"] as const,
  usage: ["usage"] as const,
  auditLog: ["audit-log"] as const,
  presets: ["presets"] as const,
  webhooks: ["webhooks"] as const,
  webhookDeliveries: (id: string) => ["webhook-deliveries", id] as const,
};

/**
 * The tags field as people type it ("Holiday, beach ,  2026"): one tag per comma, blanks dropped.
 * Cleaning (lower case, allowed characters, at most 20) is the server's one rule; its refusal is shown.
 */
export function parseTags(text: string): string[] {
  return text
    .split(",")
    .map((tag) => tag.trim())
    .filter((tag) => tag !== "");
}

export function formatTags(tags: readonly string[]): string {
  return tags.join(", ");
}

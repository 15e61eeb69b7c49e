/**
 * What the API's GET /graphql page tells the playground (app/graphql/playground.py writes it into a
 * JSON script element): where to send queries and which headers to start with. Read from the page
 * rather than fetched, so the server decides, as it did with Strawberry's page, and a deployed stack
 * needs no extra route.
 */
export type PlaygroundConfig = { endpoint: string; headers: Record<string, string> };

export const CONFIG_ELEMENT_ID = "playground-config";

export function readPlaygroundConfig(doc: Document): PlaygroundConfig {
  const text = doc.getElementById(CONFIG_ELEMENT_ID)?.textContent;
  if (!text) throw new Error(`the page has no #${CONFIG_ELEMENT_ID} element`);
  const found = JSON.parse(text) as Partial<PlaygroundConfig>;
  if (typeof found.endpoint !== "string") throw new Error("the playground's config names no endpoint");
  const headers = found.headers ?? {};
  if (typeof headers !== "object" || Object.values(headers).some((value) => typeof value !== "string")) {
    throw new Error("the playground's headers must be an object of strings");
  }
  return { endpoint: found.endpoint, headers };
}

import { describe, expect, it } from "vitest";

import { CONFIG_ELEMENT_ID, readPlaygroundConfig } from "./config";

function page(json: string | null): Document {
  const elements = new Map<string, { textContent: string }>();
  if (json !== null) elements.set(CONFIG_ELEMENT_ID, { textContent: json });
  return { getElementById: (id: string) => elements.get(id) ?? null } as unknown as Document;
}

describe("readPlaygroundConfig", () => {
  it("reads the endpoint and the headers the server wrote", () => {
    const config = readPlaygroundConfig(page('{"endpoint": "/graphql", "headers": {"x-api-key": "k"}}'));
    expect(config).toEqual({ endpoint: "/graphql", headers: { "x-api-key": "k" } });
  });

  it("starts with no headers when the server names none", () => {
    expect(readPlaygroundConfig(page('{"endpoint": "/graphql"}')).headers).toEqual({});
  });

  it("refuses a page without its config, or with headers that are not strings", () => {
    expect(() => readPlaygroundConfig(page(null))).toThrow(/no #playground-config/);
    expect(() => readPlaygroundConfig(page('{"endpoint": "/graphql", "headers": {"a": 1}}'))).toThrow(/strings/);
  });
});

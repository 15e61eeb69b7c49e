import { describe, expect, it, vi } from "vitest";

import { ConfigError, loadRuntimeConfig, parseRuntimeConfig } from "./runtime-config";

describe("parseRuntimeConfig", () => {
  it("resolves a relative apiUrl against the page and keeps the key", () => {
    const config = parseRuntimeConfig(
      { apiUrl: "/graphql", apiKey: "k1", environment: "local" },
      "http://127.0.0.1:8000/items/1",
    );
    expect(config).toEqual({ apiUrl: "http://127.0.0.1:8000/graphql", apiKey: "k1", environment: "local" });
  });

  it("allows a missing key and environment", () => {
    expect(parseRuntimeConfig({ apiUrl: "https://api.example.com/graphql" }, "http://localhost/")).toEqual({
      apiUrl: "https://api.example.com/graphql",
      apiKey: null,
      environment: "unknown",
    });
  });

  it.each([
    [null, "must hold a JSON object"],
    [[], "must hold a JSON object"],
    [{}, 'has no "apiUrl"'],
    [{ apiUrl: 42 }, "must be a string"],
    [{ apiUrl: "/graphql", apiKey: 1 }, '"apiKey"'],
    [{ apiUrl: "ftp://x/graphql" }, "http(s)"],
  ])("rejects %j with a helpful sentence", (raw, message) => {
    expect(() => parseRuntimeConfig(raw, "http://localhost/")).toThrow(ConfigError);
    expect(() => parseRuntimeConfig(raw, "http://localhost/")).toThrow(message);
  });
});

describe("loadRuntimeConfig", () => {
  it("fetches /config.json", async () => {
    const fetchImpl = vi.fn(async () => Response.json({ apiUrl: "/graphql", apiKey: "k" }));
    const config = await loadRuntimeConfig(fetchImpl, "http://localhost:8000/");
    expect(fetchImpl).toHaveBeenCalledWith("/config.json", expect.anything());
    expect(config.apiKey).toBe("k");
  });

  it("explains an HTTP failure", async () => {
    const fetchImpl = vi.fn(async () => new Response("nope", { status: 404 }));
    await expect(loadRuntimeConfig(fetchImpl, "http://localhost:8000/")).rejects.toThrow("404");
  });

  it("explains an unreachable server", async () => {
    const fetchImpl = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(loadRuntimeConfig(fetchImpl, "http://localhost:8000/")).rejects.toThrow("Is the stack running?");
  });
});

import { describe, expect, it, vi } from "vitest";

import { ConfigError, isLocalStack, loadRuntimeConfig, parseRuntimeConfig } from "./runtime-config";

const AUTH = { region: "eu-west-1", userPoolId: "eu-west-1_AbC123", userPoolClientId: "client1" };
const LOCAL_AUTH = {
  region: "us-east-1",
  userPoolId: "us-east-1_0123abcd",
  userPoolClientId: "ui-client",
  cliClientId: "cli-client",
  endpoint: "http://127.0.0.1:5001",
};

describe("parseRuntimeConfig", () => {
  it("resolves a relative apiUrl against the page and keeps the key and the local pool's endpoint", () => {
    const config = parseRuntimeConfig(
      { apiUrl: "/graphql", apiKey: "k1", environment: "local", auth: LOCAL_AUTH, realtimeUrl: "/graphql" },
      "http://127.0.0.1:8000/items/1",
    );
    expect(config).toEqual({
      apiUrl: "http://127.0.0.1:8000/graphql",
      apiKey: "k1",
      environment: "local",
      auth: {
        region: "us-east-1",
        userPoolId: "us-east-1_0123abcd",
        userPoolClientId: "ui-client",
        endpoint: "http://127.0.0.1:5001/",
      },
      realtimeUrl: "ws://127.0.0.1:8000/graphql",
    });
    expect(isLocalStack(config)).toBe(true);
  });

  it("allows a missing key and environment; without an endpoint, Cognito's own for the region", () => {
    expect(parseRuntimeConfig({ apiUrl: "https://api.example.com/graphql", auth: AUTH }, "http://localhost/")).toEqual({
      apiUrl: "https://api.example.com/graphql",
      apiKey: null,
      environment: "unknown",
      auth: { ...AUTH, endpoint: "https://cognito-idp.eu-west-1.amazonaws.com/" },
      realtimeUrl: null,
    });
  });

  it("takes a deployed WebSocket API's URL as it is, and a relative one on the page's origin", () => {
    const deployed = "wss://abc123.execute-api.eu-west-1.amazonaws.com/live";
    const base = { apiUrl: "/graphql", auth: AUTH };
    expect(parseRuntimeConfig({ ...base, realtimeUrl: deployed }, "https://app.example.com/").realtimeUrl).toBe(
      deployed,
    );
    expect(parseRuntimeConfig({ ...base, realtimeUrl: "/graphql" }, "https://app.example.com/x").realtimeUrl).toBe(
      "wss://app.example.com/graphql",
    );
  });

  it.each([
    [null, "must hold a JSON object"],
    [[], "must hold a JSON object"],
    [{ auth: AUTH }, 'has no "apiUrl"'],
    [{ apiUrl: 42, auth: AUTH }, "must be a string"],
    [{ apiUrl: "/graphql", apiKey: 1, auth: AUTH }, '"apiKey"'],
    [{ apiUrl: "ftp://x/graphql", auth: AUTH }, "http(s)"],
    [{ apiUrl: "/graphql" }, 'has no "auth" block'],
    [{ apiUrl: "/graphql", auth: "pool" }, '"auth" in /config.json must be an object'],
    [{ apiUrl: "/graphql", auth: { ...AUTH, region: undefined } }, 'has no "region"'],
    [{ apiUrl: "/graphql", auth: { ...AUTH, region: "Ireland" } }, "is not an AWS region"],
    [{ apiUrl: "/graphql", auth: { ...AUTH, userPoolId: "us-east-1_X" } }, "is not a pool of eu-west-1"],
    [{ apiUrl: "/graphql", auth: { ...AUTH, userPoolClientId: "" } }, 'has no "userPoolClientId"'],
    [{ apiUrl: "/graphql", auth: { ...AUTH, userPoolClientId: 7 } }, '"auth.userPoolClientId"'],
    [{ apiUrl: "/graphql", auth: { ...AUTH, endpoint: "not a url" } }, '"auth.endpoint" in /config.json is not'],
    [{ apiUrl: "/graphql", auth: { ...AUTH, endpoint: "file:///x" } }, "http(s)"],
    [{ apiUrl: "/graphql", auth: AUTH, realtimeUrl: "ftp://x/ws" }, "must be a ws(s) URL"],
  ])("rejects %j with a helpful sentence", (raw, message) => {
    expect(() => parseRuntimeConfig(raw, "http://localhost/")).toThrow(ConfigError);
    expect(() => parseRuntimeConfig(raw, "http://localhost/")).toThrow(message);
  });
});

describe("loadRuntimeConfig", () => {
  it("fetches /config.json", async () => {
    const fetchImpl = vi.fn(async () => Response.json({ apiUrl: "/graphql", apiKey: "k", auth: AUTH }));
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

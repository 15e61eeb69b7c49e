import { describe, expect, it, vi } from "vitest";

import { TypedDocumentString } from "@/gql/graphql";

import { createRequest, GraphQLRequestError } from "./graphql-client";

const Ping = new TypedDocumentString(`query Ping { presets { name } }`) as unknown as TypedDocumentString<
  { presets: { name: string }[] },
  Record<string, never>
>;

describe("createRequest", () => {
  it("posts the document with the API key and returns data", async () => {
    const fetchImpl = vi.fn(async () => Response.json({ data: { presets: [{ name: "default" }] } }));
    const request = createRequest({ apiUrl: "http://h/graphql", apiKey: "secret", fetch: fetchImpl });
    await expect(request(Ping, {})).resolves.toEqual({ presets: [{ name: "default" }] });
    const [url, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("http://h/graphql");
    expect((init.headers as Record<string, string>)["x-api-key"]).toBe("secret");
    expect(JSON.parse(init.body as string)).toEqual({ query: "query Ping { presets { name } }", variables: {} });
  });

  it("turns errors[].extensions.code into a typed error", async () => {
    const fetchImpl = vi.fn(async () =>
      Response.json({ data: null, errors: [{ message: "Too big", extensions: { code: "TOO_LARGE" } }] }),
    );
    const request = createRequest({ apiUrl: "/g", apiKey: null, fetch: fetchImpl });
    const error = await request(Ping, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphQLRequestError);
    expect(error).toMatchObject({ code: "TOO_LARGE", message: "Too big" });
  });

  it("reports a rejected key as UNAUTHENTICATED", async () => {
    const fetchImpl = vi.fn(async () => Response.json({ errors: [{ message: "no key" }] }, { status: 401 }));
    const request = createRequest({ apiUrl: "/g", apiKey: null, fetch: fetchImpl });
    await expect(request(Ping, {})).rejects.toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
  });

  it("reports an unreachable server as NETWORK", async () => {
    const fetchImpl = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    const request = createRequest({ apiUrl: "/g", apiKey: null, fetch: fetchImpl });
    await expect(request(Ping, {})).rejects.toMatchObject({ code: "NETWORK" });
  });

  it("reports a non-JSON answer", async () => {
    const fetchImpl = vi.fn(async () => new Response("<html>", { status: 502 }));
    const request = createRequest({ apiUrl: "/g", apiKey: null, fetch: fetchImpl });
    await expect(request(Ping, {})).rejects.toMatchObject({ code: "HTTP_ERROR", status: 502 });
  });
});

import { describe, expect, it, vi } from "vitest";

import { TypedDocumentString } from "@/gql/graphql";

import { createRequest, GraphQLRequestError, type TokenSource } from "./graphql-client";

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

  it("reports a 401 without a code as UNAUTHENTICATED, and a refused key (403) as FORBIDDEN", async () => {
    const unauthorized = vi.fn(async () => Response.json({ errors: [{ message: "no token" }] }, { status: 401 }));
    await expect(createRequest({ apiUrl: "/g", apiKey: null, fetch: unauthorized })(Ping, {})).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      status: 401,
    });
    const forbidden = vi.fn(async () => new Response("{}", { status: 403 }));
    await expect(createRequest({ apiUrl: "/g", apiKey: "k", fetch: forbidden })(Ping, {})).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
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

describe("createRequest with a signed-in session", () => {
  const refused = () =>
    Response.json(
      {
        errors: [
          { message: "The token has expired; sign in again or refresh it.", extensions: { code: "UNAUTHENTICATED" } },
        ],
      },
      { status: 401 },
    );
  const ok = () => Response.json({ data: { presets: [] } });
  const bearer = (call: unknown[]) => ((call[1] as RequestInit).headers as Record<string, string>).authorization;

  function source(tokens: string[]): TokenSource & { ended: string[] } {
    const ended: string[] = [];
    let current = tokens.shift()!;
    return {
      ended,
      token: vi.fn(async () => current),
      renew: vi.fn(async () => (current = tokens.shift()!)),
      end: vi.fn((reason: string) => void ended.push(reason)),
    };
  }

  it("sends both the app's key and the person's ID token", async () => {
    const fetchImpl = vi.fn(async () => ok());
    await createRequest({ apiUrl: "/g", apiKey: "k", auth: source(["id-1"]), fetch: fetchImpl })(Ping, {});
    const headers = (fetchImpl.mock.calls[0] as unknown as [string, RequestInit])[1].headers as Record<string, string>;
    expect(headers).toMatchObject({ "x-api-key": "k", authorization: "Bearer id-1" });
  });

  it("on a 401 renews the token once and sends the request again", async () => {
    const fetchImpl = vi.fn<typeof fetch>().mockResolvedValueOnce(refused()).mockResolvedValueOnce(ok());
    const auth = source(["id-old", "id-new"]);
    await expect(createRequest({ apiUrl: "/g", apiKey: "k", auth, fetch: fetchImpl })(Ping, {})).resolves.toEqual({
      presets: [],
    });
    expect(auth.renew).toHaveBeenCalledWith("id-old");
    expect(fetchImpl.mock.calls.map(bearer)).toEqual(["Bearer id-old", "Bearer id-new"]);
    expect(auth.ended).toEqual([]);
  });

  it("ends the session when even the renewed token is refused, without a third try", async () => {
    const fetchImpl = vi.fn<typeof fetch>(async () => refused());
    const auth = source(["id-old", "id-new"]);
    const error = await createRequest({ apiUrl: "/g", apiKey: "k", auth, fetch: fetchImpl })(Ping, {}).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "UNAUTHENTICATED", status: 401 });
    expect(fetchImpl).toHaveBeenCalledTimes(2);
    expect(auth.ended).toEqual(["The token has expired; sign in again or refresh it."]);
  });

  it("sends nothing when nobody is signed in", async () => {
    const fetchImpl = vi.fn(async () => ok());
    const auth = source(["x"]);
    vi.mocked(auth.token).mockRejectedValue(new GraphQLRequestError("Sign in to continue.", "UNAUTHENTICATED", 401));
    await expect(createRequest({ apiUrl: "/g", apiKey: "k", auth, fetch: fetchImpl })(Ping, {})).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    expect(fetchImpl).not.toHaveBeenCalled();
  });
});

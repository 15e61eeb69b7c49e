import type { TypedDocumentString } from "@/gql/graphql";

/**
 * A small GraphQL-over-HTTP client for the documents graphql-codegen generates (TypedDocumentString),
 * so results and variables are typed from schema.graphql without shipping a GraphQL runtime.
 * Expected API errors arrive as `errors[].extensions.code`; they become GraphQLRequestError.code.
 * Every request carries the app's API key (`x-api-key`, the app's meter) and the signed-in person's
 * ID token (`Authorization: Bearer`, who they are).
 */
export type GraphQLRequest = <TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  options?: { signal?: AbortSignal },
) => Promise<TResult>;

/** Codes the client itself reports, beside the API's ErrorCode values. */
export type TransportErrorCode = "NETWORK" | "UNAUTHENTICATED" | "FORBIDDEN" | "HTTP_ERROR" | "BAD_RESPONSE";

/**
 * Where the ID token comes from (the auth feature's session, wired in by the app). Both methods throw
 * a GraphQLRequestError (UNAUTHENTICATED when nobody is signed in any more, NETWORK when the user
 * pool cannot be reached) rather than return a token that cannot work.
 */
export type TokenSource = {
  /** A current ID token, refreshed first when it is about to expire. */
  token(): Promise<string>;
  /** The API refused `rejected` with 401: a renewed token (at most one refresh for all callers). */
  renew(rejected: string): Promise<string>;
  /** The API refused even a renewed token: the session is over, back to sign-in. */
  end(reason: string): void;
};

export class GraphQLRequestError extends Error {
  override name = "GraphQLRequestError";
  constructor(
    message: string,
    readonly code: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

type GraphQLResponse<T> = {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: unknown } }[];
};

export type ClientOptions = {
  apiUrl: string;
  apiKey: string | null;
  /** Without one, requests go unauthenticated (the API then answers 401). */
  auth?: TokenSource;
  fetch?: typeof fetch;
};

export function createRequest({ apiUrl, apiKey, auth, fetch: fetchImpl = fetch }: ClientOptions): GraphQLRequest {
  const baseHeaders: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
  };
  if (apiKey) baseHeaders["x-api-key"] = apiKey;

  return async function request<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
    options: { signal?: AbortSignal } = {},
  ): Promise<TResult> {
    const body = JSON.stringify({ query: document.toString(), variables });
    const send = async (token: string | null): Promise<Response> => {
      const headers = token ? { ...baseHeaders, authorization: `Bearer ${token}` } : baseHeaders;
      try {
        return await fetchImpl(apiUrl, { method: "POST", headers, body, signal: options.signal ?? null });
      } catch (error) {
        if (error instanceof DOMException && error.name === "AbortError") throw error;
        throw new GraphQLRequestError("Could not reach the server.", "NETWORK");
      }
    };
    let token = auth ? await auth.token() : null;
    let response = await send(token);
    // An expired or revoked ID token: refresh once and send again; a second refusal ends the session.
    if (response.status === 401 && auth && token) {
      token = await auth.renew(token);
      response = await send(token);
      if (response.status === 401) {
        const refused = await readBody<TResult>(response);
        const reason = refused?.errors?.[0]?.message ?? "The server refused the renewed sign-in.";
        auth.end(reason);
        throw new GraphQLRequestError(reason, "UNAUTHENTICATED", 401);
      }
    }
    return parse<TResult>(response);
  };
}

async function readBody<T>(response: Response): Promise<GraphQLResponse<T> | null> {
  try {
    return (await response.json()) as GraphQLResponse<T>;
  } catch {
    return null;
  }
}

async function parse<TResult>(response: Response): Promise<TResult> {
  let body: GraphQLResponse<TResult>;
  try {
    body = (await response.json()) as GraphQLResponse<TResult>;
  } catch {
    throw new GraphQLRequestError(
      `The server answered ${response.status} without a GraphQL response.`,
      response.ok ? "BAD_RESPONSE" : "HTTP_ERROR",
      response.status,
    );
  }
  const first = body.errors?.[0];
  if (first) {
    const code = typeof first.extensions?.code === "string" ? first.extensions.code : undefined;
    throw new GraphQLRequestError(first.message, code ?? statusCode(response.status), response.status);
  }
  if (!response.ok || body.data == null) {
    throw new GraphQLRequestError(
      `The server answered ${response.status}.`,
      statusCode(response.status),
      response.status,
    );
  }
  return body.data;
}

function statusCode(status: number): TransportErrorCode {
  return status === 401 ? "UNAUTHENTICATED" : status === 403 ? "FORBIDDEN" : "HTTP_ERROR";
}

export function errorCodeOf(error: unknown): string {
  return error instanceof GraphQLRequestError ? error.code : "UNKNOWN";
}

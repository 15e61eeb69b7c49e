import type { TypedDocumentString } from "@/gql/graphql";

/**
 * A small GraphQL-over-HTTP client for the documents graphql-codegen generates (TypedDocumentString),
 * so results and variables are typed from schema.graphql without shipping a GraphQL runtime.
 * Expected API errors arrive as `errors[].extensions.code`; they become GraphQLRequestError.code.
 */
export type GraphQLRequest = <TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  options?: { signal?: AbortSignal },
) => Promise<TResult>;

/** Codes the client itself reports, beside the API's ErrorCode values. */
export type TransportErrorCode = "NETWORK" | "UNAUTHENTICATED" | "HTTP_ERROR" | "BAD_RESPONSE";

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
  fetch?: typeof fetch;
};

export function createRequest({ apiUrl, apiKey, fetch: fetchImpl = fetch }: ClientOptions): GraphQLRequest {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
  };
  if (apiKey) headers["x-api-key"] = apiKey;

  return async function request<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
    options: { signal?: AbortSignal } = {},
  ): Promise<TResult> {
    let response: Response;
    try {
      response = await fetchImpl(apiUrl, {
        method: "POST",
        headers,
        body: JSON.stringify({ query: document.toString(), variables }),
        signal: options.signal ?? null,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") throw error;
      throw new GraphQLRequestError("Could not reach the server.", "NETWORK");
    }
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
      throw new GraphQLRequestError(
        first.message,
        code ?? (response.status === 401 ? "UNAUTHENTICATED" : "HTTP_ERROR"),
        response.status,
      );
    }
    if (!response.ok || body.data == null) {
      throw new GraphQLRequestError(`The server answered ${response.status}.`, "HTTP_ERROR", response.status);
    }
    return body.data;
  };
}

export function errorCodeOf(error: unknown): string {
  return error instanceof GraphQLRequestError ? error.code : "UNKNOWN";
}

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter } from "react-router";
import { vi } from "vitest";

import type { RuntimeConfig } from "@/config/runtime-config";
import { ApiContext } from "@/lib/api-context";
import type { GraphQLRequest } from "@/lib/graphql-client";

export const TEST_CONFIG: RuntimeConfig = {
  apiUrl: "http://test/graphql",
  apiKey: "k",
  environment: "test",
  auth: {
    region: "us-east-1",
    userPoolId: "us-east-1_test",
    userPoolClientId: "ui-client",
    endpoint: "http://cognito.test/",
  },
  realtimeUrl: null,
};

type Handler = (variables: Record<string, unknown>) => unknown;

/**
 * A fake `request` that answers by operation name (`{ MediaList: (vars) => data }`) and records calls,
 * so component tests exercise the real hooks and documents without a server.
 */
export function fakeRequest(handlers: Record<string, Handler>) {
  const calls: { operation: string; variables: Record<string, unknown> }[] = [];
  const request = vi.fn(async (document: { toString(): string }, variables: unknown) => {
    const operation = /(?:query|mutation)\s+(\w+)/.exec(document.toString())?.[1] ?? "?";
    const vars = (variables ?? {}) as Record<string, unknown>;
    calls.push({ operation, variables: vars });
    const handler = handlers[operation];
    if (!handler) throw new Error(`no fake for ${operation}`);
    return handler(vars);
  }) as unknown as GraphQLRequest;
  return { request, calls };
}

export function renderWithApi(ui: ReactElement, { request, route = "/" }: { request: GraphQLRequest; route?: string }) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <ApiContext value={{ request, config: TEST_CONFIG, waitForSignIn: () => new Promise<void>(() => undefined) }}>
        <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
      </ApiContext>
    </QueryClientProvider>,
  );
}

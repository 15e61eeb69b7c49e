import { createContext, useContext } from "react";

import type { RuntimeConfig } from "@/config/runtime-config";

import type { GraphQLRequest } from "./graphql-client";

/**
 * What every API hook needs: the typed request function bound to this stack's URL, key and the
 * signed-in person's tokens; and, for work that must outlive a session's end (an upload), a way to
 * wait until the same person is signed in again.
 */
export type Api = {
  request: GraphQLRequest;
  config: RuntimeConfig;
  /** Resolves when the person whose session ended signs in again; rejects (AbortError) otherwise. */
  waitForSignIn: (signal: AbortSignal) => Promise<void>;
};

export const ApiContext = createContext<Api | null>(null);

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi must be used inside <AppProvider>.");
  return api;
}

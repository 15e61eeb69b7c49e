import { createContext, useContext } from "react";

import type { RuntimeConfig } from "@/config/runtime-config";

import type { GraphQLRequest } from "./graphql-client";

/** What every API hook needs: the typed request function bound to this stack's URL and key. */
export type Api = { request: GraphQLRequest; config: RuntimeConfig };

export const ApiContext = createContext<Api | null>(null);

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error("useApi must be used inside <AppProvider>.");
  return api;
}

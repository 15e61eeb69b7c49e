// The GraphQL playground: GraphiQL, built into ui/dist with every asset it needs (Monaco's workers
// included), so GET /graphql works on a machine without internet. A separate Vite entry: nothing
// here is in the main app's bundle.
import "graphiql/setup-workers/vite";
import "graphiql/style.css";

import { createGraphiQLFetcher } from "@graphiql/toolkit";
import { GraphiQL } from "graphiql";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { readPlaygroundConfig } from "./config";

const container = document.getElementById("playground");
if (!container) throw new Error("the page has no #playground element");

const config = readPlaygroundConfig(document);
const fetcher = createGraphiQLFetcher({ url: config.endpoint });

createRoot(container).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultHeaders={JSON.stringify(config.headers, null, 2)} />
  </StrictMode>,
);

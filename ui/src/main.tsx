import "./app/index.css";

import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./app/app";
import { ConfigErrorScreen } from "./app/config-error";
import { loadRuntimeConfig } from "./config/runtime-config";

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element");
const root = createRoot(container);

loadRuntimeConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  (error: unknown) =>
    root.render(<ConfigErrorScreen message={error instanceof Error ? error.message : String(error)} />),
);

import { useEffect } from "react";
import { BrowserRouter, Route, Routes } from "react-router";

import type { RuntimeConfig } from "@/config/runtime-config";

import { ErrorBoundary } from "./error-boundary";
import { Layout } from "./layout";
import { AppProvider } from "./provider";
import { SessionGate } from "./session-gate";
import { ActivityRoute } from "./routes/activity";
import { HomeRoute } from "./routes/home";
import { ItemRoute } from "./routes/item";
import { NotFoundRoute } from "./routes/not-found";
import { WebhooksRoute } from "./routes/webhooks";

/** Marks the first committed render, for the time-to-first-render budget. */
function FirstRenderMark() {
  useEffect(() => {
    if (performance.getEntriesByName("app-rendered").length === 0) performance.mark("app-rendered");
  }, []);
  return null;
}

export function App({ config }: { config: RuntimeConfig }) {
  return (
    <AppProvider config={config}>
      <BrowserRouter>
        <FirstRenderMark />
        <Layout>
          {/* Signed out, any path shows the sign-in screens; once signed in, the page that was asked for. */}
          <ErrorBoundary>
            <SessionGate>
              <Routes>
                <Route path="/" element={<HomeRoute />} />
                <Route path="/items/:id" element={<ItemRoute />} />
                <Route path="/activity" element={<ActivityRoute />} />
                <Route path="/webhooks" element={<WebhooksRoute />} />
                <Route path="*" element={<NotFoundRoute />} />
              </Routes>
            </SessionGate>
          </ErrorBoundary>
        </Layout>
      </BrowserRouter>
    </AppProvider>
  );
}

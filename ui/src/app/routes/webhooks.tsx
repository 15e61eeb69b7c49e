import { lazy, Suspense } from "react";

import { Spinner } from "@/components/spinner";

// Loaded when the page is opened: few visitors of the gallery need it, so the first load does not pay.
const WebhooksPanel = lazy(() =>
  import("@/features/webhooks/components/webhooks-panel").then((module) => ({ default: module.WebhooksPanel })),
);

export function WebhooksRoute() {
  return (
    <Suspense fallback={<Spinner label="Loading" />}>
      <WebhooksPanel />
    </Suspense>
  );
}

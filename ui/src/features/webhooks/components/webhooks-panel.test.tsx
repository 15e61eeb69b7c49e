/** @vitest-environment jsdom */
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { GraphQLRequestError } from "@/lib/graphql-client";
import { fakeRequest, renderWithApi } from "@/testing/render";

import { WebhooksPanel } from "./webhooks-panel";

const EVENTS = ["media.ready", "media.rejected", "media.failed", "media.deleted"];
const HOOK = "01JD2W3X4Y5Z6A7B8C9D0EFGHJ";
const SECRET = "whsec_c2VjcmV0LXNob3duLW9uY2U=";

const disabled = {
  id: HOOK,
  url: "https://hooks.example.com/in",
  events: ["media.ready"],
  description: "my app",
  enabled: false,
  state: "DISABLED",
  disabledReason: "Disabled after 5 deliveries in a row failed every attempt (the last: HTTP 500).",
  consecutiveFailures: 5,
  createdAt: "2026-01-01T00:00:00Z",
};

function listing(webhooks: unknown[]) {
  return { webhooks, webhookEvents: EVENTS };
}

describe("WebhooksPanel", () => {
  it("adds an endpoint and shows its secret once", async () => {
    const { request, calls } = fakeRequest({
      Webhooks: () => listing([]),
      CreateWebhook: () => ({ createWebhook: { secret: SECRET, webhook: { id: HOOK, url: "https://a.example/in" } } }),
    });
    renderWithApi(<WebhooksPanel />, { request });

    await userEvent.type(await screen.findByLabelText(/Endpoint URL/), "https://a.example/in");
    await userEvent.click(screen.getByRole("checkbox", { name: "media.failed" }));
    await userEvent.click(screen.getByRole("button", { name: "Add webhook" }));

    expect(await screen.findByLabelText("Signing secret")).toHaveTextContent(SECRET);
    const create = calls.find((c) => c.operation === "CreateWebhook");
    expect(create?.variables).toEqual({
      input: { url: "https://a.example/in", events: ["media.ready", "media.failed"], description: "" },
    });
    await userEvent.click(screen.getByRole("button", { name: "I have kept it" }));
    expect(screen.queryByText(SECRET)).toBeNull();
  });

  it("says why the API refused a URL", async () => {
    const { request } = fakeRequest({
      Webhooks: () => listing([]),
      CreateWebhook: () => {
        throw new GraphQLRequestError("10.0.0.1 is a private address.", "INVALID_INPUT");
      },
    });
    renderWithApi(<WebhooksPanel />, { request });
    await userEvent.type(await screen.findByLabelText(/Endpoint URL/), "https://10.0.0.1/in");
    await userEvent.click(screen.getByRole("button", { name: "Add webhook" }));
    expect(await screen.findByText("10.0.0.1 is a private address.")).toBeInTheDocument();
  });

  it("shows a disabled endpoint's reason, enables it, and redelivers a failed delivery", async () => {
    const failed = {
      id: "msg_01JD2W3X4Y5Z6A7B8C9D0EFGHK",
      event: "media.ready",
      mediaId: "01JD2W3X4Y5Z6A7B8C9D0EFGHM",
      status: "FAILED",
      attempts: 8,
      responseStatus: 500,
      error: "HTTP 500",
      durationMs: 12,
      createdAt: "2026-01-01T00:00:00Z",
      nextAttemptAt: null,
    };
    const { request, calls } = fakeRequest({
      Webhooks: () => listing([disabled]),
      EnableWebhook: () => ({ updateWebhook: { id: HOOK, state: "ENABLED" } }),
      WebhookDeliveries: () => ({ webhookDeliveries: [failed] }),
      RedeliverWebhook: () => ({ redeliverWebhook: { id: failed.id, status: "PENDING" } }),
    });
    renderWithApi(<WebhooksPanel />, { request });

    const item = within(await screen.findByRole("list", { name: "Your webhooks" })).getByRole("listitem");
    expect(item).toHaveTextContent("DISABLED");
    expect(item).toHaveTextContent("the last: HTTP 500");
    await userEvent.click(within(item).getByRole("button", { name: "Enable" }));
    expect(calls.some((c) => c.operation === "EnableWebhook" && c.variables.id === HOOK)).toBe(true);

    await userEvent.click(within(item).getByRole("button", { name: "Deliveries" }));
    const deliveries = await screen.findByRole("list", { name: "Deliveries" });
    expect(deliveries).toHaveTextContent("8 attempts, last: HTTP 500 in 12 ms");
    await userEvent.click(within(deliveries).getByRole("button", { name: `Redeliver ${failed.id}` }));
    expect(calls.some((c) => c.operation === "RedeliverWebhook" && c.variables.deliveryId === failed.id)).toBe(true);
  });

  it("rotates the secret, showing the new one, and deletes after a confirmation", async () => {
    const { request, calls } = fakeRequest({
      Webhooks: () => listing([{ ...disabled, enabled: true, state: "ENABLED", disabledReason: null }]),
      RotateWebhookSecret: () => ({
        rotateWebhookSecret: { secret: SECRET, webhook: { id: HOOK, url: disabled.url } },
      }),
      DeleteWebhook: () => ({ deleteWebhook: true }),
    });
    renderWithApi(<WebhooksPanel />, { request });

    await userEvent.click(await screen.findByRole("button", { name: "Rotate secret" }));
    expect(await screen.findByLabelText("Signing secret")).toHaveTextContent(SECRET);
    await userEvent.click(screen.getByRole("button", { name: "Delete" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete this webhook?" });
    await userEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    expect(calls.some((c) => c.operation === "DeleteWebhook" && c.variables.id === HOOK)).toBe(true);
  });
});

import { useState } from "react";

import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Spinner } from "@/components/spinner";
import { describeError } from "@/lib/errors";
import { errorCodeOf } from "@/lib/graphql-client";

import { useDeleteWebhook } from "../api/delete-webhook";
import { useEnableWebhook } from "../api/enable-webhook";
import { useRotateWebhookSecret } from "../api/rotate-webhook-secret";
import { type WebhookRow, useWebhooks } from "../api/webhooks";
import { CreateWebhookForm } from "./create-webhook-form";
import { DeliveriesList } from "./deliveries-list";
import { SecretNotice } from "./secret-notice";

const STATE_STYLE: Record<WebhookRow["state"], string> = {
  ENABLED: "bg-green-100 text-green-800",
  FAILING: "bg-amber-100 text-amber-900",
  DISABLED: "bg-red-100 text-red-800",
};

type Secret = { url: string; secret: string };

function WebhookItem({ webhook, onSecret }: { webhook: WebhookRow; onSecret: (secret: Secret) => void }) {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const remove = useDeleteWebhook();
  const rotate = useRotateWebhookSecret();
  const enable = useEnableWebhook();
  return (
    <li className="space-y-2 p-4">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="font-mono text-sm break-all text-slate-900">{webhook.url}</span>
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATE_STYLE[webhook.state]}`}>
          {webhook.state}
        </span>
        <span className="text-sm text-slate-600">{webhook.events.join(", ")}</span>
        {webhook.description ? <span className="text-sm text-slate-500">{webhook.description}</span> : null}
      </div>
      {webhook.disabledReason ? <p className="text-sm text-red-800">{webhook.disabledReason}</p> : null}
      <div className="flex flex-wrap gap-2">
        <Button className="min-h-8 px-3 py-1" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? "Hide deliveries" : "Deliveries"}
        </Button>
        <Button
          className="min-h-8 px-3 py-1"
          disabled={rotate.isPending}
          onClick={() =>
            rotate.mutate(webhook.id, {
              onSuccess: (answer) => onSecret({ url: answer.webhook.url, secret: answer.secret }),
            })
          }
        >
          Rotate secret
        </Button>
        {!webhook.enabled ? (
          <Button className="min-h-8 px-3 py-1" disabled={enable.isPending} onClick={() => enable.mutate(webhook.id)}>
            Enable
          </Button>
        ) : null}
        <Button className="min-h-8 px-3 py-1" variant="danger" onClick={() => setConfirming(true)}>
          Delete
        </Button>
      </div>
      {open ? <DeliveriesList webhookId={webhook.id} /> : null}
      <ConfirmDialog
        open={confirming}
        title="Delete this webhook?"
        confirmLabel="Delete"
        busy={remove.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => remove.mutate(webhook.id, { onSettled: () => setConfirming(false) })}
      >
        Nothing more is sent to {webhook.url}.
      </ConfirmDialog>
    </li>
  );
}

/** Your webhook endpoints: add one (its secret shown once), see how each is doing and what it was sent. */
export function WebhooksPanel() {
  const webhooks = useWebhooks();
  const [secret, setSecret] = useState<Secret | null>(null);
  return (
    <section aria-labelledby="webhooks-heading" className="space-y-4">
      <h1 id="webhooks-heading" className="text-lg font-semibold">
        Webhooks
      </h1>
      <p className="text-sm text-slate-600">
        Your endpoints are sent media.ready, media.rejected, media.failed and media.deleted as signed POSTs, retried for
        about a day.
      </p>
      {secret ? <SecretNotice {...secret} onDone={() => setSecret(null)} /> : null}
      {webhooks.isPending ? <Spinner label="Loading your webhooks" /> : null}
      {webhooks.isError ? <Alert title={describeError(errorCodeOf(webhooks.error))} /> : null}
      {webhooks.isSuccess ? (
        <>
          <CreateWebhookForm events={webhooks.data.webhookEvents} onCreated={setSecret} />
          {webhooks.data.webhooks.length === 0 ? (
            <Alert tone="info" title="No webhooks yet." />
          ) : (
            <ul
              className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-surface"
              aria-label="Your webhooks"
            >
              {webhooks.data.webhooks.map((webhook) => (
                <WebhookItem key={webhook.id} webhook={webhook} onSecret={setSecret} />
              ))}
            </ul>
          )}
        </>
      ) : null}
    </section>
  );
}

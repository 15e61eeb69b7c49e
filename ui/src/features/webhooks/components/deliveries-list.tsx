import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { Spinner } from "@/components/spinner";
import { describeError } from "@/lib/errors";
import { errorCodeOf } from "@/lib/graphql-client";
import { formatDateTime } from "@/utils/format";

import { useRedeliverWebhook } from "../api/redeliver-webhook";
import { type DeliveryRow, useWebhookDeliveries } from "../api/webhook-deliveries";

const STATUS_STYLE: Record<DeliveryRow["status"], string> = {
  SUCCEEDED: "text-green-700",
  PENDING: "text-amber-700",
  FAILED: "text-red-700",
};

function outcome(delivery: DeliveryRow): string {
  const answer =
    delivery.responseStatus !== null ? `HTTP ${delivery.responseStatus}` : (delivery.error ?? "no answer yet");
  const took = delivery.durationMs !== null ? ` in ${delivery.durationMs} ms` : "";
  const tries = `${delivery.attempts} attempt${delivery.attempts === 1 ? "" : "s"}`;
  return `${tries}, last: ${answer}${took}`;
}

/** An endpoint's newest deliveries; a finished one can be sent again. */
export function DeliveriesList({ webhookId }: { webhookId: string }) {
  const deliveries = useWebhookDeliveries(webhookId);
  const redeliver = useRedeliverWebhook(webhookId);
  if (deliveries.isPending) return <Spinner label="Loading deliveries" />;
  if (deliveries.isError) return <Alert title={describeError(errorCodeOf(deliveries.error))} />;
  if (deliveries.data.length === 0) return <p className="text-sm text-slate-600">No deliveries yet.</p>;
  return (
    <ol className="divide-y divide-slate-100 text-sm" aria-label="Deliveries">
      {deliveries.data.map((delivery) => (
        <li key={delivery.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
          <time dateTime={delivery.createdAt} className="text-slate-500">
            {formatDateTime(delivery.createdAt)}
          </time>
          <span className="font-mono">{delivery.event}</span>
          <span className={`font-medium ${STATUS_STYLE[delivery.status]}`}>{delivery.status}</span>
          <span className="text-slate-600">{outcome(delivery)}</span>
          {delivery.status !== "PENDING" ? (
            <Button
              className="min-h-8 px-3 py-1"
              onClick={() => redeliver.mutate(delivery.id)}
              disabled={redeliver.isPending}
              aria-label={`Redeliver ${delivery.id}`}
            >
              Redeliver
            </Button>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

import { ProgressBar } from "@/components/progress-bar";
import { formatBytes } from "@/utils/format";

import { type Usage, useUsage } from "../api/usage";

/** The larger share of the quota in use: items or bytes, whichever is closer to its limit. */
export function quotaShare(usage: Usage): number | null {
  if (!usage.quota) return null;
  return Math.max(usage.items / usage.quota.maxItems, usage.storedBytes / usage.quota.maxBytes);
}

export function UsageSummary({ usage }: { usage: Usage }) {
  const share = quotaShare(usage);
  const cost = usage.estimatedCost.storagePerMonth;
  const items = `${usage.items.toLocaleString()} ${usage.items === 1 ? "item" : "items"}`;
  const limit = usage.quota
    ? `${items} of ${usage.quota.maxItems.toLocaleString()} · ${formatBytes(usage.storedBytes)} of ${formatBytes(usage.quota.maxBytes)}`
    : `${items} · ${formatBytes(usage.storedBytes)}`;
  return (
    <section aria-label="Your storage" className="max-w-sm space-y-1 text-xs text-slate-600">
      <p>{limit}</p>
      {share === null ? null : <ProgressBar value={share} label="Share of your quota in use" />}
      <p title="At the stack's list prices; an estimate, not a bill">
        {`Storage costs ${cost < 0.01 ? "under $0.01" : `about $${cost.toFixed(2)}`} a month`}
      </p>
    </section>
  );
}

export function UsageMeter() {
  const { data } = useUsage();
  return data ? <UsageSummary usage={data} /> : null;
}

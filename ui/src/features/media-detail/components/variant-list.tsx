import { CopyButton } from "@/components/copy-button";
import { buttonClass } from "@/components/button";
import type { VariantLike } from "@/lib/variants";
import { formatBytes } from "@/utils/format";

function dimensions(v: VariantLike): string {
  return v.width > 0 && v.height > 0 ? `${v.width} × ${v.height}` : "–";
}

/** Every output with its size and a link to open or copy; a list of cards, so it never scrolls sideways. */
export function VariantList({ variants, empty }: { variants: readonly VariantLike[]; empty: string }) {
  if (variants.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  const sorted = [...variants].sort((a, b) => b.width - a.width || a.format.localeCompare(b.format));
  return (
    <ul className="divide-y divide-slate-100" aria-label="Variants">
      {sorted.map((v) => (
        <li
          key={v.url}
          className="flex flex-col gap-2 py-2 sm:flex-row sm:items-center sm:justify-between"
          data-testid="variant"
        >
          <div className="min-w-0 text-sm">
            <p className="font-medium text-slate-900">
              {v.name} <span className="font-normal text-slate-500 uppercase">{v.format}</span>
            </p>
            <p className="text-slate-600">
              {dimensions(v)} · {formatBytes(v.bytes)}
            </p>
          </div>
          <div className="flex gap-2">
            <a
              href={v.url}
              target="_blank"
              rel="noreferrer"
              className={buttonClass("secondary", "min-h-8 px-3 py-1")}
              aria-label={`Open ${v.name} ${v.format} in a new tab`}
            >
              Open
            </a>
            <CopyButton text={v.url} label={`Copy link to ${v.name} ${v.format}`} />
          </div>
        </li>
      ))}
    </ul>
  );
}

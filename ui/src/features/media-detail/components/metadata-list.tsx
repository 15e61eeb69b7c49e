import { metadataRows } from "../lib/metadata";

export function MetadataList({ metadata }: { metadata: unknown }) {
  const rows = metadataRows(metadata);
  if (rows.length === 0) return <p className="text-sm text-slate-600">No metadata yet.</p>;
  return (
    <dl className="grid grid-cols-[minmax(0,auto)_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
      {rows.map((row) => (
        <div key={row.key} className="contents">
          <dt className="text-slate-600">{row.label}</dt>
          <dd className="break-words text-slate-900">{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

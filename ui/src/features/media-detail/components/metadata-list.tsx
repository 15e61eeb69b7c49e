import { GROUPS, metadataRows } from "../lib/metadata";

/** The metadata as labelled rows, under a small heading per group (Details, Camera, Tags, ...). */
export function MetadataList({ metadata, empty }: { metadata: unknown; empty: string }) {
  const rows = metadataRows(metadata);
  if (rows.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  const groups = GROUPS.map((group) => ({ group, rows: rows.filter((row) => row.group === group) })).filter(
    (entry) => entry.rows.length > 0,
  );
  return (
    <div className="space-y-4">
      {groups.map(({ group, rows: groupRows }) => (
        <div key={group} data-testid={`metadata-${group.toLowerCase()}`}>
          {groups.length > 1 ? (
            <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{group}</h3>
          ) : null}
          <dl className="grid grid-cols-[minmax(0,9rem)_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
            {groupRows.map((row) => (
              <div key={row.key} className="contents">
                <dt className="text-slate-600">{row.label}</dt>
                <dd className="break-words text-slate-900">{row.value}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </div>
  );
}

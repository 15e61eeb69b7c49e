type ProgressBarProps = {
  /** 0..1, or null for "working, amount unknown". */
  value: number | null;
  label: string;
};

/** An accessible progress bar; indeterminate when the amount is unknown (e.g. server-side processing). */
export function ProgressBar({ value, label }: ProgressBarProps) {
  const percent = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={percent === null ? "In progress" : `${percent}%`}
      className="h-2 w-full overflow-hidden rounded-full bg-slate-200"
    >
      {percent === null ? (
        <div className="h-full w-1/3 animate-[indeterminate_1.2s_ease-in-out_infinite] rounded-full bg-indigo-500 motion-reduce:w-full motion-reduce:animate-none motion-reduce:opacity-50" />
      ) : (
        <div
          className="h-full rounded-full bg-indigo-600 transition-[width] duration-200"
          style={{ width: `${percent}%` }}
        />
      )}
    </div>
  );
}

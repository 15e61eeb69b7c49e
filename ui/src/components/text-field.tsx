import { type ComponentProps, type ReactNode, type Ref, useId } from "react";

type TextFieldProps = Omit<ComponentProps<"input">, "id"> & {
  label: string;
  /** Shown under the field and read with it (a format, a rule). */
  hint?: ReactNode;
  /** The field's problem, in words; marks it invalid and is read with it. */
  error?: string | null;
  /** Beside the input, inside the same row (a "Show" toggle). */
  trailing?: ReactNode;
  ref?: Ref<HTMLInputElement>;
};

/** A labelled input whose hint and error are tied to it (aria-describedby), so they are read on focus. */
export function TextField({ label, hint, error, trailing, className = "", ref, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <div className="mt-1 flex gap-2">
        <input
          ref={ref}
          id={id}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={
            "min-h-10 w-full min-w-0 rounded-lg border bg-surface px-3 py-2 text-base text-slate-900 shadow-sm " +
            "focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-indigo-600 " +
            (error ? "border-red-500" : "border-slate-300")
          }
          {...input}
        />
        {trailing}
      </div>
      {hint ? (
        <div id={hintId} className="mt-1 text-sm text-slate-600">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={errorId} className="mt-1 text-sm font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

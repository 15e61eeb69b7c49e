import type { ReactNode } from "react";

type AlertProps = {
  title: string;
  children?: ReactNode;
  tone?: "danger" | "warning" | "info";
  action?: ReactNode;
};

const TONES = {
  danger: "border-red-200 bg-red-50 text-red-900",
  warning: "border-amber-200 bg-amber-50 text-amber-950",
  info: "border-slate-200 bg-surface text-slate-800",
};

/** A message box: a sentence for a person, an optional detail, an optional action. */
export function Alert({ title, children, tone = "danger", action }: AlertProps) {
  return (
    <div role={tone === "info" ? "status" : "alert"} className={`rounded-lg border p-4 ${TONES[tone]}`}>
      <p className="font-medium">{title}</p>
      {children ? <div className="mt-1 text-sm break-words opacity-90">{children}</div> : null}
      {action ? <div className="mt-3">{action}</div> : null}
    </div>
  );
}

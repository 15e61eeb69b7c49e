import { useEffect } from "react";
import { Link, useNavigate } from "react-router";

import { buttonClass } from "@/components/button";
import { isItemNavigationKey, type Neighbours } from "@/lib/neighbours";

type ItemNavigationProps = {
  neighbours: Neighbours;
  /** The address's query to keep while stepping (the lightbox stays open). */
  search: string;
  /** A different label for a dark backdrop, where the default one would not show. */
  className?: string;
};

/** "Previous", "3 of 24", "Next" through the gallery the item was opened from; ←/→ do the same. */
export function ItemNavigation({ neighbours, search, className = "" }: ItemNavigationProps) {
  const navigate = useNavigate();
  const { previous, next, position, total } = neighbours;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const step = isItemNavigationKey(event);
      const target = step === "previous" ? previous : step === "next" ? next : null;
      if (!target) return;
      event.preventDefault();
      void navigate(`/items/${target.id}${search}`);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [navigate, previous, next, search]);

  const link = (to: Neighbours["previous"], label: string, arrow: string) =>
    to ? (
      <Link
        to={`/items/${to.id}${search}`}
        className={buttonClass("ghost", "px-3")}
        aria-label={`${label}: ${to.filename}`}
        aria-keyshortcuts={arrow === "←" ? "ArrowLeft" : "ArrowRight"}
      >
        {arrow === "←" ? `← ${label}` : `${label} →`}
      </Link>
    ) : (
      <span className={buttonClass("ghost", "pointer-events-none px-3 opacity-40")} aria-hidden="true">
        {arrow === "←" ? `← ${label}` : `${label} →`}
      </span>
    );

  return (
    <nav aria-label="Items in the gallery" className={`flex items-center gap-1 text-sm ${className}`}>
      {link(previous, "Previous", "←")}
      <span className="px-1 text-slate-600 tabular-nums" data-testid="item-position">
        {position} of {total}
      </span>
      {link(next, "Next", "→")}
    </nav>
  );
}

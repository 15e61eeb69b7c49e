import { type ReactNode, useEffect, useRef } from "react";
import { Link, useLocation } from "react-router";

import { useApi } from "@/lib/api-context";

/** After client-side navigation, move focus to the new page's content, as a full page load would. */
function useFocusOnNavigate() {
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);
  return main;
}

export function Layout({ children }: { children: ReactNode }) {
  const { config } = useApi();
  const main = useFocusOnNavigate();
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-4 py-3">
          <Link
            to="/"
            className="rounded text-lg font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            Media pipeline
          </Link>
          <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600" title="Which stack this is">
            {config.environment}
          </span>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 focus:outline-none">
        {children}
      </main>
    </>
  );
}

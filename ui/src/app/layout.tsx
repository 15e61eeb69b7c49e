import type { ReactNode } from "react";
import { Link } from "react-router";

import { useApi } from "@/lib/api-context";

export function Layout({ children }: { children: ReactNode }) {
  const { config } = useApi();
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
      <main id="main" tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 focus:outline-none">
        {children}
      </main>
    </>
  );
}

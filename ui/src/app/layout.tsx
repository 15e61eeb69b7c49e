import { type ReactNode, useEffect, useRef } from "react";
import { Link, useLocation } from "react-router";

import { AccountMenu } from "@/features/auth/components/account-menu";
import { useAuthSession, useAuthState } from "@/features/auth/hooks/auth-context";
import { useUploadQueue } from "@/features/upload/hooks/upload-queue-context";
import { summarize } from "@/features/upload/lib/upload-state";
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

/** Who is signed in and Sign out; uploads in progress are stopped (and said so) before the session goes. */
function Account() {
  const state = useAuthState();
  const session = useAuthSession();
  const { queue, state: uploads } = useUploadQueue();
  if (state.status !== "signedIn") return null;
  const inFlight = summarize(uploads).inFlight;
  const warning =
    inFlight === 0
      ? null
      : `${inFlight === 1 ? "1 upload is" : `${inFlight} uploads are`} in progress. Signing out stops ` +
        `${inFlight === 1 ? "it" : "them"}; files already sent finish processing and stay in your gallery.`;
  return (
    <AccountMenu
      user={state.user}
      warning={warning}
      onSignOut={async () => {
        await queue.reset(); // while the session still allows tidying up unsent registrations
        await session.signOut();
      }}
    />
  );
}

/** The header's links to the pages beside the gallery. */
const NAV_LINK =
  "shrink-0 rounded text-sm text-slate-700 underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

export function Layout({ children }: { children: ReactNode }) {
  const { config } = useApi();
  const main = useFocusOnNavigate();
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10 focus:rounded focus:bg-surface focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-surface">
        {/* On a phone the account goes to a second row, so the address stays readable. */}
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-3 gap-y-2 px-4 py-3">
          <div className="flex items-center gap-3">
            <Link
              to="/"
              className="shrink-0 rounded text-lg font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            >
              Media pipeline
            </Link>
            <span
              className="shrink-0 rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600"
              title="Which stack this is"
            >
              {config.environment}
            </span>
            <Link to="/activity" className={NAV_LINK}>
              Activity
            </Link>
            <Link to="/webhooks" className={NAV_LINK}>
              Webhooks
            </Link>
          </div>
          <Account />
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="mx-auto max-w-6xl px-4 py-6 focus:outline-none">
        {children}
      </main>
    </>
  );
}

import { useState } from "react";

import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";

import type { AuthUser } from "../lib/auth-state";

type AccountMenuProps = {
  user: AuthUser;
  /** Signs out (the app stops this person's work first). */
  onSignOut: () => Promise<void>;
  /** When set, signing out asks first and says this (e.g. that uploads in progress will stop). */
  warning?: string | null;
};

/** Who is signed in, and the way out. */
export function AccountMenu({ user, onSignOut, warning }: AccountMenuProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);

  async function signOut() {
    setBusy(true);
    try {
      await onSignOut();
    } finally {
      setBusy(false);
      setAsking(false);
    }
  }

  return (
    <div className="flex min-w-0 items-center gap-2 max-sm:w-full max-sm:justify-between">
      <p className="min-w-0 truncate text-sm text-slate-700" title={user.email} data-testid="signed-in-as">
        <span className="sr-only">Signed in as </span>
        {user.email}
      </p>
      <Button
        className="min-h-8 shrink-0 px-3 py-1"
        disabled={busy}
        onClick={() => (warning ? setAsking(true) : void signOut())}
      >
        {busy ? "Signing out…" : "Sign out"}
      </Button>
      <ConfirmDialog
        open={asking}
        title="Sign out now?"
        confirmLabel="Sign out"
        busy={busy}
        onConfirm={() => void signOut()}
        onCancel={() => setAsking(false)}
      >
        {warning}
      </ConfirmDialog>
    </div>
  );
}

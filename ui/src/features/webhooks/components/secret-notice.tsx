import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { CopyButton } from "@/components/copy-button";

/** The signing secret, shown the one time the API answers with it. */
export function SecretNotice({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  return (
    <Alert
      tone="warning"
      title="Copy the signing secret now: it is not shown again."
      action={
        <div className="flex flex-wrap gap-2">
          <CopyButton text={secret} label="Copy the signing secret" idle="Copy secret" />
          <Button variant="ghost" onClick={onDone}>
            I have kept it
          </Button>
        </div>
      }
    >
      <p>
        Deliveries to <span className="font-mono">{url}</span> are signed with it (Standard Webhooks): verify them with
        the <code>standardwebhooks</code> library.
      </p>
      <p className="mt-2 font-mono text-xs break-all" aria-label="Signing secret">
        {secret}
      </p>
    </Alert>
  );
}

import { type FormEvent, useState } from "react";

import { Alert } from "@/components/alert";
import { Button } from "@/components/button";
import { TextField } from "@/components/text-field";
import { describeError } from "@/lib/errors";
import { GraphQLRequestError, errorCodeOf } from "@/lib/graphql-client";

import { useCreateWebhook } from "../api/create-webhook";

type Created = { url: string; secret: string };

/** A new endpoint: its URL, the events it wants, a note for you; the secret goes to `onCreated`. */
export function CreateWebhookForm({ events, onCreated }: { events: string[]; onCreated: (created: Created) => void }) {
  const create = useCreateWebhook();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [chosen, setChosen] = useState<string[]>(["media.ready"]);

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(
      { url, events: chosen, description },
      {
        onSuccess: (answer) => {
          onCreated({ url: answer.webhook.url, secret: answer.secret });
          setUrl("");
          setDescription("");
        },
      },
    );
  }

  const error = create.error;
  return (
    <form
      onSubmit={submit}
      className="space-y-3 rounded-lg border border-slate-200 bg-surface p-4"
      aria-label="New webhook"
    >
      <TextField
        label="Endpoint URL"
        type="url"
        required
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        hint="https only (the local stack also takes http://127.0.0.1:PORT/...)"
      />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {events.map((name) => (
            <label key={name} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={chosen.includes(name)}
                onChange={(e) =>
                  setChosen(e.target.checked ? [...chosen, name] : chosen.filter((other) => other !== name))
                }
              />
              <span className="font-mono">{name}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
      {error ? (
        <Alert title={describeError(errorCodeOf(error))}>
          {error instanceof GraphQLRequestError ? error.message : null}
        </Alert>
      ) : null}
      <Button type="submit" variant="primary" disabled={create.isPending || chosen.length === 0}>
        {create.isPending ? "Adding…" : "Add webhook"}
      </Button>
    </form>
  );
}

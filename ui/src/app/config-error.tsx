import { Alert } from "@/components/alert";

/** Shown instead of the app when /config.json is missing or invalid: nothing else can work without it. */
export function ConfigErrorScreen({ message }: { message: string }) {
  return (
    <main className="mx-auto max-w-xl p-6">
      <h1 className="mb-4 text-xl font-semibold">Media pipeline can't start</h1>
      <Alert title="This app couldn't read its configuration.">
        <p>{message}</p>
        <p className="mt-2">
          Reload the page once the server is up. If it keeps happening, check the stack's config.json.
        </p>
      </Alert>
    </main>
  );
}

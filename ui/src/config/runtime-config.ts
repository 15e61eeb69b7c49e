/**
 * The runtime configuration, read from `/config.json` so one build serves every stack: the local
 * stack serves it, the Pulumi program writes it next to the deployed UI. This is the only place
 * that reads or validates it.
 */
export type RuntimeConfig = {
  /** Absolute URL of the GraphQL endpoint (a relative `apiUrl` is resolved against the page). */
  apiUrl: string;
  /** Sent as `x-api-key`; null when the deployment injects the key some other way. */
  apiKey: string | null;
  /** A label such as "local", "dev" or "prod", shown in the header. */
  environment: string;
};

export const CONFIG_PATH = "/config.json";

export class ConfigError extends Error {
  override name = "ConfigError";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(raw: Record<string, unknown>, key: string): string | null {
  const value = raw[key];
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string") throw new ConfigError(`"${key}" in ${CONFIG_PATH} must be a string.`);
  return value;
}

/** Checks the parsed JSON and normalises it; throws ConfigError with a sentence a person can act on. */
export function parseRuntimeConfig(raw: unknown, base: string = window.location.href): RuntimeConfig {
  if (!isRecord(raw)) throw new ConfigError(`${CONFIG_PATH} must hold a JSON object.`);
  const apiUrl = optionalString(raw, "apiUrl");
  if (apiUrl === null) throw new ConfigError(`${CONFIG_PATH} has no "apiUrl".`);
  let resolved: URL;
  try {
    resolved = new URL(apiUrl, base);
  } catch {
    throw new ConfigError(`"apiUrl" in ${CONFIG_PATH} is not a valid URL: ${apiUrl}`);
  }
  if (resolved.protocol !== "http:" && resolved.protocol !== "https:") {
    throw new ConfigError(`"apiUrl" in ${CONFIG_PATH} must be an http(s) URL.`);
  }
  return {
    apiUrl: resolved.toString(),
    apiKey: optionalString(raw, "apiKey"),
    environment: optionalString(raw, "environment") ?? "unknown",
  };
}

export async function loadRuntimeConfig(
  fetchImpl: typeof fetch = fetch,
  base: string = window.location.href,
): Promise<RuntimeConfig> {
  let response: Response;
  try {
    response = await fetchImpl(CONFIG_PATH, { cache: "no-store", headers: { accept: "application/json" } });
  } catch {
    throw new ConfigError(`Could not reach the server to read ${CONFIG_PATH}. Is the stack running?`);
  }
  if (!response.ok) {
    throw new ConfigError(`The server answered ${response.status} for ${CONFIG_PATH}.`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ConfigError(`${CONFIG_PATH} is not valid JSON.`);
  }
  return parseRuntimeConfig(body, base);
}

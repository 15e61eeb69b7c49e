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
  /** Where people sign in: the stack's Cognito user pool and the UI's app client. */
  auth: AuthConfig;
  /**
   * The WebSocket for live updates (graphql-transport-ws), absolute: a relative `realtimeUrl` is
   * taken on the page's origin with ws(s)://. Null when the stack has none: the UI polls instead.
   */
  realtimeUrl: string | null;
};

export type AuthConfig = {
  region: string;
  userPoolId: string;
  /** The UI's public app client (no secret): every Cognito call names it. */
  userPoolClientId: string;
  /**
   * The user-pool API to call: config.json's `endpoint` when it has one (the local emulator),
   * else the region's public endpoint.
   */
  endpoint: string;
};

export const CONFIG_PATH = "/config.json";

/**
 * The embedded stack (`mediapipe dev`): its emulated user pool sends no e-mail and takes any
 * confirmation code, which the sign-up and password-reset screens say.
 */
export function isLocalStack(config: Pick<RuntimeConfig, "environment">): boolean {
  return config.environment === "local";
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function optionalString(raw: Record<string, unknown>, key: string, prefix = ""): string | null {
  const value = raw[key];
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string") throw new ConfigError(`"${prefix}${key}" in ${CONFIG_PATH} must be a string.`);
  return value;
}

// A region name as AWS spells them (us-east-1, eu-central-2, us-gov-west-1, ap-southeast-5...).
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function httpUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${what} in ${CONFIG_PATH} is not a valid URL: ${value}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(`${what} in ${CONFIG_PATH} must be an http(s) URL.`);
  }
  return url;
}

/** The `auth` block: without it nobody can sign in, and the API answers nothing without a sign-in. */
function parseAuth(raw: unknown): AuthConfig {
  if (raw === undefined || raw === null) {
    throw new ConfigError(`${CONFIG_PATH} has no "auth" block, so there is nowhere to sign in.`);
  }
  if (!isRecord(raw)) throw new ConfigError(`"auth" in ${CONFIG_PATH} must be an object.`);
  const required = (key: string): string => {
    const value = optionalString(raw, key, "auth.");
    if (value === null) throw new ConfigError(`"auth" in ${CONFIG_PATH} has no "${key}".`);
    return value;
  };
  const region = required("region");
  if (!REGION.test(region)) throw new ConfigError(`"auth.region" in ${CONFIG_PATH} is not an AWS region: ${region}`);
  const userPoolId = required("userPoolId");
  // A pool's id starts with its region (us-east-1_AbC123): a mismatch means a copy-paste slip.
  if (!userPoolId.startsWith(`${region}_`)) {
    throw new ConfigError(`"auth.userPoolId" (${userPoolId}) in ${CONFIG_PATH} is not a pool of ${region}.`);
  }
  const endpoint = optionalString(raw, "endpoint", "auth.");
  return {
    region,
    userPoolId,
    userPoolClientId: required("userPoolClientId"),
    endpoint: endpoint
      ? httpUrl(endpoint, '"auth.endpoint"').toString()
      : `https://cognito-idp.${region}.amazonaws.com/`,
  };
}

/** Checks the parsed JSON and normalises it; throws ConfigError with a sentence a person can act on. */
export function parseRuntimeConfig(raw: unknown, base: string = window.location.href): RuntimeConfig {
  if (!isRecord(raw)) throw new ConfigError(`${CONFIG_PATH} must hold a JSON object.`);
  const apiUrl = optionalString(raw, "apiUrl");
  if (apiUrl === null) throw new ConfigError(`${CONFIG_PATH} has no "apiUrl".`);
  let absolute: string;
  try {
    absolute = new URL(apiUrl, base).toString();
  } catch {
    throw new ConfigError(`"apiUrl" in ${CONFIG_PATH} is not a valid URL: ${apiUrl}`);
  }
  return {
    apiUrl: httpUrl(absolute, '"apiUrl"').toString(),
    apiKey: optionalString(raw, "apiKey"),
    environment: optionalString(raw, "environment") ?? "unknown",
    auth: parseAuth(raw.auth),
    realtimeUrl: parseRealtimeUrl(optionalString(raw, "realtimeUrl"), base),
  };
}

function parseRealtimeUrl(value: string | null, base: string): string | null {
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new ConfigError(`"realtimeUrl" in ${CONFIG_PATH} is not a valid URL: ${value}`);
  }
  if (url.protocol === "http:" || url.protocol === "https:") url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  if (url.protocol !== "ws:" && url.protocol !== "wss:") {
    throw new ConfigError(`"realtimeUrl" in ${CONFIG_PATH} must be a ws(s) URL or a path.`);
  }
  return url.toString();
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

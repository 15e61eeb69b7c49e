/**
 * What a Cognito ID token says about its holder, read without checking the signature: the API checks
 * every token; the browser only needs the name to show and the expiry to plan a refresh.
 */
export type IdTokenClaims = { sub: string; email: string | null; exp: number | null };

function base64UrlDecode(segment: string): string {
  const base64 = segment
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(segment.length / 4) * 4, "=");
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Throws on anything that is not a JWT with a `sub`. */
export function readIdToken(token: string): IdTokenClaims {
  const payload = token.split(".")[1];
  if (!payload) throw new Error("not a JWT");
  const claims = JSON.parse(base64UrlDecode(payload)) as Record<string, unknown>;
  if (typeof claims.sub !== "string" || !claims.sub) throw new Error("the token has no sub");
  return {
    sub: claims.sub,
    email: typeof claims.email === "string" ? claims.email : null,
    exp: typeof claims.exp === "number" ? claims.exp : null,
  };
}

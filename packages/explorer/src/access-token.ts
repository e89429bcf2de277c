/** The token a server bound beyond loopback asks for: in `?token=` once, then in a cookie. */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

export const TOKEN_COOKIE = "prov4ml_explorer_token";

/** A fresh random token (URL-safe). */
export function newAccessToken(): string {
  return randomBytes(24).toString("base64url");
}

/** True for the loopback addresses the explorer may bind without a token. */
export function isLoopbackHost(host: string): boolean {
  return host === "127.0.0.1" || host === "::1" || host === "localhost";
}

/** The token the request presents (query first, then cookie), if any. */
export function presentedToken(request: IncomingMessage, url: URL): string | undefined {
  const fromQuery = url.searchParams.get("token");
  if (fromQuery !== null) return fromQuery;
  for (const part of (request.headers.cookie ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === TOKEN_COOKIE) return rest.join("=");
  }
  return undefined;
}

/** Compares in constant time, so the token cannot be guessed byte by byte. */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}

// The cookies Praxis sets (the session, the known-device cookie, the single sign-on state) share
// one set of attributes and one naming rule, kept here.

/** Over HTTPS every cookie name gets the `__Host-` prefix: browsers then accept it only with
 * Secure, Path=/ and no Domain, so neither a sibling subdomain nor a plain-HTTP page can plant or
 * overwrite it. Browsers refuse `__Host-` cookies without Secure, so plain HTTP (local use, tests)
 * keeps the bare name. */
export function isSecure(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || (process.env.PRAXIS_ORIGIN ?? "").startsWith("https:");
}

export function cookieNameFor(base: string, request: Request): string {
  return isSecure(request) ? `__Host-${base}` : base;
}

/** The value of one of our cookies, or null when absent or not a token (20–100 base64url
 * characters). */
export function readTokenCookie(request: Request, base: string): string | null {
  const header = request.headers.get("Cookie");
  if (!header) return null;
  const wanted = cookieNameFor(base, request);
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === wanted) {
      const value = rest.join("=");
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
    }
  }
  return null;
}

/** HttpOnly, SameSite=Lax, Path=/, no Domain; Secure over HTTPS. */
export function serializeCookie(base: string, value: string, maxAgeSeconds: number, request: Request): string {
  const parts = [`${cookieNameFor(base, request)}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${Math.floor(maxAgeSeconds)}`];
  if (isSecure(request)) parts.push("Secure");
  return parts.join("; ");
}

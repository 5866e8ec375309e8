// Thrown responses, caught by the error boundaries. Anything outside the caller's organization is
// a 404 (never 403), so an id from another organization reveals nothing, not even that it exists.
export function notFound(message = "We couldn't find that page."): never {
  throw new Response(message, { status: 404, statusText: "Not Found" });
}

export function forbidden(message = "Your role does not allow this."): never {
  throw new Response(message, { status: 403, statusText: "Forbidden" });
}

export function badRequest(message = "The request was not understood."): never {
  throw new Response(message, { status: 400, statusText: "Bad Request" });
}

/** The submitted form, or a 400 when the request carries none (a POST without a form body, or
 * with another content type): not the 500 that `request.formData()` throwing would be. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    badRequest("A form was expected. Submit it from its page in Praxis.");
  }
}

/** An expected failure of a service, reported beside the fields of the form that caused it. */
export class FieldErrors extends Error {
  constructor(public readonly errors: Record<string, string[]>) {
    super(Object.values(errors).flat().join(" "));
    this.name = "FieldErrors";
  }
  static of(field: string, message: string): FieldErrors {
    return new FieldErrors({ [field]: [message] });
  }
}

/** Only same-site relative paths may be used as a redirect target after sign-in. */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}

/** The client's address: the socket's, or the proxy's X-Forwarded-For when TRUST_PROXY is set
 * (the Express server resolves it and passes it in the load context). */
export function clientIp(context: unknown): string {
  const ip = (context as { clientIp?: unknown } | undefined)?.clientIp;
  return typeof ip === "string" && ip ? ip : "unknown";
}

// The security headers every response carries (pure: inputs in, header list out): pages get them from
// proxy.ts, with a nonce made per request; the JSON route handlers from the boundary (lib/http/boundary.ts),
// a fixed set that needs no per-request work, since nothing is ever rendered from a JSON answer.
// Scripts run only with this request's nonce (Next puts it on its own inline and external scripts) or when
// loaded by one of them ('strict-dynamic'); no page can be framed (clickjacking of the grade buttons);
// WebAssembly may compile (the live run's tfjs backend). Styles allow inline attributes: KaTeX and the
// charts position elements with style="…", which a nonce cannot cover.

export interface SecurityHeaderOptions {
  nonce: string;
  /** Next's dev server evaluates code for hot reload; production never gets 'unsafe-eval'. */
  dev: boolean;
  /** HSTS only when the public address is https (sending it over http means nothing and can lock out a dev host). */
  https: boolean;
}

export function contentSecurityPolicy({ nonce, dev }: Pick<SecurityHeaderOptions, "nonce" | "dev">): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders(opts: SecurityHeaderOptions): Array<[string, string]> {
  const headers: Array<[string, string]> = [
    ["Content-Security-Policy", contentSecurityPolicy(opts)],
    ["X-Frame-Options", "DENY"],
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
  ];
  if (opts.https) headers.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
  return headers;
}

/** A fresh nonce: 16 random bytes, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** The JSON answers' headers: nothing may load from them or frame them. */
export const API_SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"],
  ["X-Frame-Options", "DENY"],
  ["X-Content-Type-Options", "nosniff"],
  ["Referrer-Policy", "strict-origin-when-cross-origin"],
];

// fetch with the retries a flaky (phone) connection needs. Grading is safe to retry: the
// request carries its own review id, so the server records it once.
export class RequestFailed extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

const RETRY_DELAYS_MS = [300, 1000, 3000];
// A half-open connection never answers: give each try this long, then retry (the ids make retries safe).
export const REQUEST_TIMEOUT_MS = 15_000;

export async function postJson<T>(url: string, body: unknown, method: "POST" | "GET" = "POST"): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: body === undefined ? undefined : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch {
      if (attempt < RETRY_DELAYS_MS.length) {
        await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
        continue;
      }
      throw new RequestFailed(0, "Cannot reach Proofdeck. Check your connection and try again; nothing was lost.", {});
    }
    const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (res.ok) return data as T;
    if (res.status >= 500 && attempt < RETRY_DELAYS_MS.length) {
      await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
      continue;
    }
    if (res.status === 401) window.location.assign(`/signin?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
    throw new RequestFailed(res.status, String(data.error ?? `Request failed (${res.status}).`), data);
  }
}

// The authoring pages' calls to the JSON API (app/api/…): one result type, with the boundary's
// per-field messages (`fields`) for the forms. Signed out: back to sign-in, returning here.
export type Sent<T> = { ok: true; data: T } | { ok: false; status: number; error: string; fields: Record<string, string> };

export async function send<T>(url: string, method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", body?: unknown, signal?: AbortSignal): Promise<Sent<T>> {
  let res: Response;
  try {
    const init: RequestInit = { method, cache: "no-store", signal };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { "content-type": "application/json" };
    }
    res = await fetch(url, init);
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    return { ok: false, status: 0, error: "Cannot reach Proofdeck. Check your connection and try again.", fields: {} };
  }
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok) return { ok: true, data: data as T };
  if (res.status === 401) window.location.assign(`/signin?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  return {
    ok: false,
    status: res.status,
    error: String(data.error ?? `Request failed (${res.status}).`),
    fields: (data.fields as Record<string, string> | undefined) ?? {},
  };
}

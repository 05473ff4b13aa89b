// The auth pages' POSTs to /api/auth/signup and /api/auth/resend: the boundary's JSON answer as a result.
export type PostResult = { ok: true } | { ok: false; error: string; fields?: Record<string, string> };

export async function postJson(url: string, body: unknown): Promise<PostResult> {
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (res.ok) return { ok: true };
    const data = (await res.json().catch(() => ({}))) as { error?: string; fields?: Record<string, string> };
    return { ok: false, error: data.error ?? "Something went wrong on our side. Please try again.", fields: data.fields };
  } catch {
    return { ok: false, error: "Could not reach Proofdeck. Check your connection and try again." };
  }
}

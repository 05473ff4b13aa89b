// Calling a server action over HTTP as React's client does: POST to a page that uses the action,
// with the Next-Action header naming its id (from the build's server-reference-manifest), the
// arguments as JSON, and the result read back from the RSC answer (rows of `<id>:<json>`).
import fs from "node:fs";

/** Server action ids by exported name, from the production build in .next/. */
export function actionIds(dir = ".next"): Record<string, string> {
  const manifest = JSON.parse(fs.readFileSync(`${dir}/server/server-reference-manifest.json`, "utf8")) as {
    node: Record<string, { exportedName?: string }>;
  };
  const out: Record<string, string> = {};
  for (const [id, entry] of Object.entries(manifest.node)) if (entry.exportedName) out[entry.exportedName] = id;
  return out;
}

export interface ActionAnswer {
  /** The HTTP status of the answer (200 when the action ran, whatever it decided). */
  status: number;
  /** The action's result ({ ok, data } or { ok: false, error, … }); null when none came back. */
  result: { ok: boolean; error?: string } | null;
  text: string;
}

export async function callAction(baseUrl: string, cookie: string, id: string, page: string, args: unknown[]): Promise<ActionAnswer> {
  const headers: Record<string, string> = { "next-action": id, accept: "text/x-component", "content-type": "text/plain;charset=UTF-8" };
  if (cookie) headers.cookie = cookie;
  const res = await fetch(baseUrl + page, { method: "POST", redirect: "manual", headers, body: JSON.stringify(args) });
  const text = await res.text();
  const result =
    text
      .split("\n")
      .map((line) => /^[0-9a-f]+:(\{.*\})$/.exec(line)?.[1])
      .filter((s): s is string => Boolean(s))
      .map((s) => JSON.parse(s) as { ok?: unknown; error?: string })
      .find((r): r is { ok: boolean; error?: string } => typeof r.ok === "boolean") ?? null;
  return { status: res.status, result, text };
}

// Starts the real production server (scripts/server.ts, what `npm start` runs) on a free port, against a
// given database. The build must exist (see ensureBuilt).
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { buildApp, buildIsCurrent } from "../../scripts/build-hash.ts";

export const TEST_SESSION_SECRET = "e2e-secret-not-for-production-0123456789";

export function ensureBuilt(): void {
  if (buildIsCurrent()) return;
  buildApp(process.env);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export interface RunningServer {
  baseUrl: string;
  log: () => string;
  stop: () => Promise<void>;
  /** The server process; with `processGroup`, also the id of the process group it leads (kill -9 -pid). */
  pid: number;
}

export async function startServer(opts: { databaseUrl: string; publicUrl?: string; timeoutMs?: number; env?: Record<string, string>; processGroup?: boolean }): Promise<RunningServer> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: opts.databaseUrl,
      NEXTAUTH_URL: opts.publicUrl ?? baseUrl,
      NEXTAUTH_SECRET: TEST_SESSION_SECRET,
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so that a test can kill the server with everything it started.
    detached: opts.processGroup ?? false,
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const stop = () => stopProcess(child, opts.processGroup ?? false);

  await waitUntilServing(child, `${baseUrl}/`, stop, () => output, opts.timeoutMs);
  return { baseUrl, log: () => output, stop, pid: child.pid! };
}

/** Stops a server process (with `group`, the process group it leads): SIGTERM, then SIGKILL after 3 s. */
export async function stopProcess(child: ChildProcess, group = false): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  const kill = (sig: NodeJS.Signals) => (group ? process.kill(-child.pid!, sig) : child.kill(sig));
  kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  if (child.exitCode === null) kill("SIGKILL");
}

/** Waits until `url` answers 2xx; throws (after `stop`) when the server exits first or is not up within `timeoutMs`. */
export async function waitUntilServing(child: ChildProcess, url: string, stop: () => Promise<void>, output: () => string = () => "", timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server at ${url} was not ready in time\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Signs in over HTTP as next-auth's sign-in form does; returns the Cookie header to send. */
export async function signInOverHttp(
  baseUrl: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; cookie: string; error: string | null }> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    redirect: "manual",
  });
  keep(res);
  // next-auth answers a refusal with a URL carrying ?error=<the message authorize() threw>.
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  const error = body.url ? new URL(body.url, baseUrl).searchParams.get("error") : null;
  return { status: res.status, cookie: cookie(), error };
}

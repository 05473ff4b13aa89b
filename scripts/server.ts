// The production HTTP server: Next's request handler behind Node's http server, so that the app sees the
// client's real address. `next start` keeps a client's own X-Forwarded-For and only fills it in when absent,
// which let anyone dodge the per-network sign-in limit with a random header; here the header is rebuilt from
// the socket and the proxies the operator declared (TRUST_PROXY_HOPS, lib/http/forwarded.ts).
// Run by scripts/serve.ts (npm start) and the tests: `node --import tsx scripts/server.ts`.
import http from "node:http";
import next from "next";
import { trustedForwardedFor, trustedProxiesFromEnv } from "../lib/http/forwarded.ts";
import { staticAssets } from "./static-assets.ts";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND || undefined;
const trusted = trustedProxiesFromEnv();

async function main(): Promise<void> {
  const app = next({ dev: false, port, hostname: hostname ?? "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  // The build's scripts and stylesheets as compressed files, when the build made them (scripts/precompress.ts).
  const assets = staticAssets();
  if (!assets) console.log("[proofdeck] no compressed copies of this build's assets: Next.js compresses them per request");
  const server = http.createServer((req, res) => {
    req.headers["x-forwarded-for"] = trustedForwardedFor(req.headers["x-forwarded-for"], req.socket.remoteAddress, trusted);
    if (assets) assets(req, res, () => void handle(req, res));
    else void handle(req, res);
  });
  server.listen(port, hostname, () => console.log(`[proofdeck] ready on port ${port}`));
  for (const sig of ["SIGINT", "SIGTERM"] as const)
    process.on(sig, () => {
      server.close(() => process.exit(0));
      setTimeout(() => process.exit(0), 3000).unref();
    });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

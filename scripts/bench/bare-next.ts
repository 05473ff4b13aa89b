// The floor under bench:lighthouse's performance scores: a bare Next.js App Router page, built with this
// repository's own `next`, React and settings (rendered per request, our font stack, a header with two links
// that do not prefetch), and nothing else: no stylesheet, no client component, no data. Whatever it costs on
// this machine under Lighthouse's phone settings, every page of any App Router app pays.
//
// It is written to data/bench/bare-next/ (gitignored) with the repository's node_modules hard-linked in (a
// second of copying links; Turbopack does not follow a symbolic link out of the project), built there and
// served by `next start`, with the same V8 compile hints as the app's build (scripts/compile-hints.ts).
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { addCompileHints } from "../compile-hints.ts";
import { freePort, stopProcess, waitUntilServing } from "../../tests/support/server.ts";

const FILES: Record<string, string> = {
  "package.json": `{ "name": "proofdeck-bench-bare-next", "private": true }\n`,
  "next.config.js": `module.exports = { poweredByHeader: false, turbopack: { root: __dirname } };\n`,
  "tsconfig.json": JSON.stringify({
    compilerOptions: { target: "ES2022", lib: ["dom", "esnext"], jsx: "react-jsx", module: "esnext", moduleResolution: "bundler", strict: true, skipLibCheck: true, noEmit: true, isolatedModules: true, esModuleInterop: true, incremental: false, plugins: [{ name: "next" }] },
    include: ["**/*.ts", "**/*.tsx"],
    exclude: ["node_modules"],
  }),
  "app/layout.tsx": `import Link from "next/link";
export const dynamic = "force-dynamic";
export const metadata = { title: "Bare", description: "A bare Next.js page: the framework's own cost." };
const font = '16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body style={{ font, margin: 0 }}>
        <header><nav aria-label="Main"><Link href="/" prefetch={false}>Home</Link> <Link href="/about" prefetch={false}>About</Link></nav></header>
        <main>{children}</main>
      </body>
    </html>
  );
}
`,
  "app/page.tsx": `export default function Page() {
  return (
    <div>
      <h1>A bare page</h1>
      <p>Rendered by the server on every request, hydrated by React in the browser, and nothing else.</p>
    </div>
  );
}
`,
};

export interface BareNext {
  url: string;
  stop: () => Promise<void>;
}

/** Writes, builds and serves the bare page; `url` is its address. */
export async function startBareNext(): Promise<BareNext> {
  const dir = path.resolve("data/bench/bare-next");
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  execFileSync("cp", ["-al", path.resolve("node_modules"), path.join(dir, "node_modules")]);
  const next = path.join(dir, "node_modules/next/dist/bin/next");
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };
  execFileSync(process.execPath, [next, "build", dir], { env, stdio: ["ignore", "ignore", "inherit"] });
  // Built as the app is (scripts/build-hash.ts buildApp), so the floor gets the same compile hints.
  addCompileHints(path.join(dir, ".next"));
  const port = await freePort();
  const child = spawn(process.execPath, [next, "start", dir, "-p", String(port)], { env, stdio: "ignore" });
  const url = `http://localhost:${port}/`;
  const stop = () => stopProcess(child);
  await waitUntilServing(child, url, stop);
  return { url, stop };
}

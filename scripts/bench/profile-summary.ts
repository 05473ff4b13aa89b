// Summarises V8 CPU profiles (from BENCH_CPU_PROF=dir npm run bench:review) by where the
// time went: self time per area (Markdown, Prisma, SQLite, next-auth, Next, …) and
// inclusive time of the app's own functions. Frames in Next's server chunks are mapped
// back to their original files with the chunks' source maps.
//
//   tsx scripts/bench/profile-summary.ts <dir-or-.cpuprofile> [more …]
// (for a directory, the largest profile in it: the server process.)
import fs from "node:fs";
import path from "node:path";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const ROOT = process.cwd() + "/";
const maps = new Map<string, SourceMap | null>();
function mapFor(url: string): SourceMap | null {
  if (maps.has(url)) return maps.get(url)!;
  let map: SourceMap | null = null;
  try {
    const file = url.startsWith("file:") ? fileURLToPath(url) : url;
    const mapFile = `${file}.map`;
    if (fs.existsSync(mapFile)) map = new SourceMap(JSON.parse(fs.readFileSync(mapFile, "utf8")));
  } catch {
    map = null;
  }
  maps.set(url, map);
  return map;
}

interface Where { source: string; line: number; name: string }
function locate(cf: CallFrame): Where {
  const map = cf.url ? mapFor(cf.url) : null;
  if (map) {
    const e = map.findEntry(cf.lineNumber, cf.columnNumber) as { originalSource?: string; originalLine?: number; name?: string };
    if (e && e.originalSource) {
      // Sources are relative to the generated file (or absolute URLs); name them from the repository root.
      const raw = decodeURIComponent(e.originalSource);
      const generated = cf.url.startsWith("file:") ? fileURLToPath(cf.url) : cf.url;
      const abs = raw.startsWith("file:") ? fileURLToPath(raw) : /^[a-z]+:/.test(raw) ? raw : path.resolve(path.dirname(generated), raw);
      let source = abs.startsWith(ROOT) ? abs.slice(ROOT.length) : abs;
      // Packages' own source maps point into their sources ("../src/…"): name them by package.
      if (!source.startsWith("node_modules/") && generated.includes("/node_modules/")) source = `node_modules/${generated.split("/node_modules/").pop()}`;
      source = source.replace(/^.*?node_modules\//, "node_modules/");
      return { source, line: (e.originalLine ?? 0) + 1, name: cf.functionName || e.name || "(anonymous)" };
    }
  }
  const source = cf.url.replace(/^file:\/\//, "").replace(/^.*?node_modules\//, "node_modules/").replace(process.cwd() + "/", "");
  return { source, line: cf.lineNumber + 1, name: cf.functionName || "(anonymous)" };
}

const AREAS: [string, RegExp][] = [
  ["idle", /^\(idle\)$/],
  ["GC", /^\(garbage collector\)$/],
  ["Markdown (unified/remark/rehype/KaTeX/highlight.js)", /node_modules\/(katex|micromark[^/]*|mdast[^/]*|hast[^/]*|unified|remark[^/]*|rehype[^/]*|highlight\.js|lowlight|vfile[^/]*|unist[^/]*|property-information|parse5|character-entities[^/]*|decode-named-character-reference|html-void-elements|stringify-entities|zwitch|ccount|devlop|bail|trough|comma-separated-tokens|space-separated-tokens|longest-streak|markdown-table|escape-string-regexp|trim-lines|is-plain-obj|web-namespaces|hastscript|html-url-attributes|@types)\//],
  ["Prisma client (query compiler, wasm, result mapping)", /node_modules\/@prisma\/client|lib\/db\/generated|query_compiler|wasm:\/\//],
  ["Prisma adapter + better-sqlite3 (incl. SQLite)", /node_modules\/(@prisma\/adapter-better-sqlite3|@prisma\/driver-adapter-utils|better-sqlite3|async-mutex)|^native better-sqlite3/],
  ["next-auth / jose (session JWT)", /node_modules\/(next-auth|jose|@panva|openid-client|oauth|uuid|cookie)\//],
  ["Next.js + React server runtime", /node_modules\/(next|react|react-dom|react-server-dom[^/]*|@next|styled-jsx|@swc)\//],
  ["zod", /node_modules\/zod\//],
  ["app code (lib/, app/, scripts/)", /^(lib|app|scripts)\//],
  ["Node.js internals (http, streams, timers)", /^(node:|internal\/)|^$/],
];

function areaOf(w: Where, cf: CallFrame): string {
  if (cf.url === "" && ["prepare", "all", "run", "get", "iterate", "exec", "bind", "raw", "columns", "pluck", "expand", "safeIntegers"].includes(cf.functionName)) return "Prisma adapter + better-sqlite3 (incl. SQLite)";
  const key = cf.functionName.startsWith("(") && cf.url === "" ? cf.functionName : w.source;
  for (const [area, re] of AREAS) if (re.test(key)) return area;
  if (cf.functionName === "(program)") return "(program: native/unattributed)";
  return "other";
}

function summarise(file: string) {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const where = new Map(profile.nodes.map((n) => [n.id, locate(n.callFrame)]));

  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self].filter(([id]) => byId.get(id)!.callFrame.functionName === "(idle)").reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;

  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id)!;
    const w = where.get(id)!;
    const area = areaOf(w, n.callFrame);
    areas.set(area, (areas.get(area) ?? 0) + t);
    if (area === "idle") continue;
    const key = `${w.name}  ${w.source}:${w.line}`;
    fns.set(key, (fns.get(key) ?? 0) + t);
  }

  // Inclusive time of the app's own functions (each sample counted once per function).
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const w = where.get(cur)!;
      if (!/^(lib|app)\//.test(w.source)) continue;
      const key = `${w.name}  ${w.source}:${w.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  });

  const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)}%`;
  const ms = (t: number) => `${t.toFixed(0).padStart(7)} ms`;
  console.log(`\n${file}\n  sampled ${(total / 1000).toFixed(1)} s, busy ${(busy / 1000).toFixed(1)} s (percentages are of busy time)`);
  console.log("  self time by area:");
  for (const [a, t] of [...areas].filter(([a]) => a !== "idle").sort((x, y) => y[1] - x[1])) console.log(`   ${ms(t)} ${pct(t)}  ${a}`);
  console.log("  top functions by self time:");
  for (const [k, t] of [...fns].sort((x, y) => y[1] - x[1]).slice(0, 25)) console.log(`   ${ms(t)} ${pct(t)}  ${k}`);
  console.log("  app functions, inclusive time:");
  for (const [k, t] of [...inclusive].sort((x, y) => y[1] - x[1]).slice(0, 25)) console.log(`   ${ms(t)} ${pct(t)}  ${k}`);
}

for (const arg of process.argv.slice(2)) {
  let file = arg;
  if (fs.statSync(arg).isDirectory()) {
    const files = fs.readdirSync(arg).filter((f) => f.endsWith(".cpuprofile")).map((f) => path.join(arg, f));
    if (files.length === 0) throw new Error(`no .cpuprofile in ${arg}`);
    file = files.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
  }
  summarise(file);
}

// V8's explicit compile hint on the scripts every page runs at startup, added after `next build`.
//
// Without a hint V8 compiles a script's functions lazily, on the main thread, the first time each is called:
// for the framework's chunks that is 35–60 ms of one long task while the page boots (a CPU profile of a cold
// review page load, docs/benchmarks.md, fourteenth session). The magic comment `//# allFunctionsCalledOnLoad`
// on a script's first line makes Chrome (136 and later) compile all of its functions on the background thread
// that streams the script in; other browsers ignore the comment. Only chunks a page runs as it loads get the
// hint: the framework's (build-manifest.json rootMainFiles) and each route's entry chunks (entryJSFiles in its
// client reference manifest). Chunks loaded later (charts, the live run) are left to compile lazily, so no
// page compiles code it may never run.
// Run by every build (scripts/build-hash.ts buildApp), before the compressed copies are made.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";

export const COMPILE_HINT = "//# allFunctionsCalledOnLoad\n";

/** The script with the hint on its first line; a script that has it already is returned as it is. */
export function withCompileHint(source: string): string {
  return source.startsWith(COMPILE_HINT) ? source : COMPILE_HINT + source;
}

interface SourceMap {
  mappings?: string;
  sections?: Array<{ offset: { line: number; column: number } }>;
}

/** The script's source map, moved one line down to match the hinted script. */
export function shiftSourceMap(map: SourceMap): SourceMap {
  if (typeof map.mappings === "string") return { ...map, mappings: `;${map.mappings}` };
  if (Array.isArray(map.sections)) return { ...map, sections: map.sections.map((s) => ({ ...s, offset: { ...s.offset, line: s.offset.line + 1 } })) };
  return map;
}

function clientReferenceManifests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith("_client-reference-manifest.js"))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The build's startup chunks, as paths relative to the build folder ("static/chunks/….js"). */
export function startupChunks(nextDir: string): string[] {
  const build = JSON.parse(fs.readFileSync(path.join(nextDir, "build-manifest.json"), "utf8")) as { rootMainFiles?: string[] };
  const files = new Set(build.rootMainFiles ?? []);
  for (const file of clientReferenceManifests(path.join(nextDir, "server", "app"))) {
    // Each manifest is a script that assigns to globalThis.__RSC_MANIFEST[route]: run it in an empty context.
    const sandbox: { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } = vm.createContext({});
    vm.runInContext(fs.readFileSync(file, "utf8"), sandbox);
    for (const manifest of Object.values(sandbox.__RSC_MANIFEST ?? {})) {
      for (const chunks of Object.values(manifest.entryJSFiles ?? {})) chunks.forEach((c) => files.add(c));
    }
  }
  return [...files].filter((f) => f.endsWith(".js")).sort();
}

/** Hints every startup chunk of the build in `nextDir` (again: no change) and says how many it changed. */
export function addCompileHints(nextDir: string): { chunks: number; hinted: number } {
  const chunks = startupChunks(nextDir);
  let hinted = 0;
  for (const chunk of chunks) {
    const file = path.join(nextDir, chunk);
    const source = fs.readFileSync(file, "utf8");
    const next = withCompileHint(source);
    if (next === source) continue;
    fs.writeFileSync(file, next);
    hinted++;
    if (fs.existsSync(`${file}.map`)) fs.writeFileSync(`${file}.map`, JSON.stringify(shiftSourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")))));
  }
  return { chunks: chunks.length, hinted };
}

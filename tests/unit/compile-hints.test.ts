// The build step that puts V8's compile hint on the chunks pages run at startup (scripts/compile-hints.ts),
// on a made-up build folder shaped like Next.js 16's: which chunks get it, once, and their source maps.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { addCompileHints, COMPILE_HINT, shiftSourceMap, startupChunks, withCompileHint } from "../../scripts/compile-hints.ts";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function fakeBuild(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-hints-"));
  dirs.push(dir);
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write("build-manifest.json", JSON.stringify({ rootMainFiles: ["static/chunks/framework.js", "static/chunks/turbopack-runtime.js"], polyfillFiles: ["static/chunks/polyfills.js"] }));
  const manifest = (route: string, entry: Record<string, string[]>) =>
    `globalThis.__RSC_MANIFEST = globalThis.__RSC_MANIFEST || {};\nglobalThis.__RSC_MANIFEST[${JSON.stringify(route)}] = ${JSON.stringify({ clientModules: {}, entryJSFiles: entry, entryCSSFiles: {} })};\n`;
  write("server/app/page_client-reference-manifest.js", manifest("/page", { "[project]/app/layout": ["static/chunks/layout.js"], "[project]/app/page": ["static/chunks/layout.js"] }));
  write("server/app/decks/[deckId]/review/page_client-reference-manifest.js", manifest("/decks/[deckId]/review/page", { "[project]/app/layout": ["static/chunks/layout.js"], "[project]/app/decks/[deckId]/review/page": ["static/chunks/layout.js", "static/chunks/review.js"] }));
  for (const name of ["framework", "turbopack-runtime", "polyfills", "layout", "review", "charts"]) write(`static/chunks/${name}.js`, `console.log(${JSON.stringify(name)});\n`);
  write("static/chunks/review.js.map", JSON.stringify({ version: 3, sources: ["review.tsx"], mappings: "AAAA" }));
  return dir;
}

const read = (dir: string, chunk: string) => fs.readFileSync(path.join(dir, "static/chunks", chunk), "utf8");

describe("compile hints", () => {
  it("picks the framework's chunks and every route's entry chunks, not the polyfills or chunks loaded later", () => {
    expect(startupChunks(fakeBuild())).toEqual(["static/chunks/framework.js", "static/chunks/layout.js", "static/chunks/review.js", "static/chunks/turbopack-runtime.js"]);
  });

  it("puts the hint on the first line of each startup chunk, once, and leaves the others as they were", () => {
    const dir = fakeBuild();
    expect(addCompileHints(dir)).toEqual({ chunks: 4, hinted: 4 });
    for (const name of ["framework", "turbopack-runtime", "layout", "review"]) expect(read(dir, `${name}.js`)).toBe(`${COMPILE_HINT}console.log("${name}");\n`);
    for (const name of ["polyfills", "charts"]) expect(read(dir, `${name}.js`)).toBe(`console.log("${name}");\n`);
    // A second run (a build step repeated) changes nothing.
    expect(addCompileHints(dir)).toEqual({ chunks: 4, hinted: 0 });
    expect(read(dir, "review.js").split(COMPILE_HINT).length).toBe(2);
  });

  it("moves a hinted chunk's source map one line down, so it still points at the right code", () => {
    const dir = fakeBuild();
    addCompileHints(dir);
    expect(JSON.parse(read(dir, "review.js.map")).mappings).toBe(";AAAA");
    expect(shiftSourceMap({ sections: [{ offset: { line: 0, column: 0 } }, { offset: { line: 7, column: 3 } }] })).toEqual({ sections: [{ offset: { line: 1, column: 0 } }, { offset: { line: 8, column: 3 } }] });
  });

  it("is a comment on a line of its own, so the script means what it meant", () => {
    const source = "(globalThis.TURBOPACK||(globalThis.TURBOPACK=[])).push([1,2]);";
    const hinted = withCompileHint(source);
    expect(hinted).toBe(`//# allFunctionsCalledOnLoad\n${source}`);
    expect(withCompileHint(hinted)).toBe(hinted);
    const run = (code: string) => new Function("globalThis", `${code}\nreturn globalThis.TURBOPACK;`)({});
    expect(run(hinted)).toEqual(run(source));
  });
});

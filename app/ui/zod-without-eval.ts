// Our pages' Content-Security-Policy has no 'unsafe-eval' (lib/http/security-headers.ts). zod compiles its
// object parsers with `new Function` where it may, and finds out by trying once, when its first object schema
// is built: the CSP refuses, zod falls back quietly, but the browser still reports a policy violation
// (DevTools' Issues panel; Lighthouse takes points off best practices for it). Jitless mode skips the attempt;
// the interpreted parsers are what ran anyway. zod keeps its configuration on globalThis (shared by every copy
// of it), so this sets it without loading zod, before any schema module runs: first in the browser
// (instrumentation-client.ts) and first in the live run's worker.
const g = globalThis as { __zod_globalConfig?: Record<string, unknown> };
g.__zod_globalConfig = { ...g.__zod_globalConfig, jitless: true };

export {};

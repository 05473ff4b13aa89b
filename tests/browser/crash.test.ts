// kill -9 under grading load: the production server on a SQLite file, three learners grading from
// two tabs each, the whole server process group killed mid-load, then a restart on the same file.
// Every answer that got a 2xx must be in the log exactly once, answers whose reply was lost are
// recorded once when the client sends them again, and the database is whole: integrity_check,
// and card states equal to the log's replay.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client.ts";
import { migrate } from "../../lib/db/migrate.ts";
import { rebuildStates } from "../../lib/reviews/rebuild.ts";
import { gradeRequest, learnerWithPassword, postGrade, type GradeRequest } from "../support/grading.ts";
import { signInOverHttp, startServer, type RunningServer } from "../support/server.ts";
import { demoDeck } from "../support/study.ts";

const MIN_ACKNOWLEDGED = 20;
const LOAD_MS = 1_000;

describe("kill -9 of the server under grading load (SQLite)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proofdeck-crash-"));
  const file = path.join(dir, "crash.db");
  const url = `file:${file}`;
  let deckId: string;
  let cardIds: string[];
  let learners: { id: string; email: string; password: string }[];
  let servers: RunningServer[] = [];

  beforeAll(async () => {
    await migrate(url);
    const db = createDb(url);
    ({ deckId, cardIds } = await demoDeck(db));
    learners = [];
    for (const name of ["crash-a", "crash-b", "crash-c"]) learners.push(await learnerWithPassword(db, deckId, name));
    await db.$disconnect();
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("every acknowledged answer survives exactly once; lost replies are recorded once on retry; integrity ok; 0 drift", async () => {
    const first = await startServer({ databaseUrl: url, processGroup: true });
    servers.push(first);
    const cookies = await Promise.all(learners.map(async (l) => (await signInOverHttp(first.baseUrl, l.email, l.password)).cookie));

    const acknowledged = new Map<string, GradeRequest>();
    const lost: { who: number; input: GradeRequest }[] = [];
    let refused = 0;
    let killed = false;
    /** One tab: grades the card its last reply showed next (or any card, studying ahead), until the server dies. */
    async function tab(who: number, offset: number) {
      const versions = new Map<string, number>();
      let next: { cardId: string; version: number } | null = null;
      for (let i = offset; !killed; i++) {
        const cardId = next?.cardId ?? cardIds[i % cardIds.length]!;
        const input = gradeRequest(cardId, next?.version ?? versions.get(cardId) ?? 0, i % 6);
        const out = await postGrade(first.baseUrl, cookies[who]!, input);
        if (!out.answered) {
          lost.push({ who, input });
          return;
        }
        if (out.status === 200) {
          acknowledged.set(input.reviewId, input);
          versions.set(cardId, input.expectedVersion + 1);
          next = out.body.next ? { cardId: out.body.next.cardId, version: out.body.next.state.version } : null;
        } else {
          // Another tab answered this card first: the reply carries its state.
          expect(out.status, JSON.stringify(out.body)).toBe(409);
          refused++;
          if (out.body.state) versions.set(cardId, out.body.state.version);
          next = null;
        }
      }
    }
    const tabs = learners.flatMap((_, who) => [tab(who, 0), tab(who, 4)]);
    // Load until enough answers went through (seconds; longer on a busy machine), then kill mid-flight.
    for (const started = Date.now(); acknowledged.size < MIN_ACKNOWLEDGED; ) {
      if (Date.now() - started > 60_000) throw new Error(`only ${acknowledged.size} answers acknowledged in 60 s\n${first.log()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, LOAD_MS));
    const ackedBeforeKill = acknowledged.size;
    killed = true;
    process.kill(-first.pid, "SIGKILL");
    await Promise.all(tabs);

    const second = await startServer({ databaseUrl: url, processGroup: true });
    servers.push(second);
    // The clients send again what got no reply (same review id): recorded or reported as a duplicate, or
    // refused because the card moved on (then it was not recorded: a recorded id is always a duplicate).
    const resent = await Promise.all(lost.map(async ({ who, input }) => ({ input, out: await postGrade(second.baseUrl, cookies[who]!, input) })));
    const notRecorded = new Set<string>();
    for (const { input, out } of resent) {
      expect(out.answered && [200, 409].includes(out.status), JSON.stringify(out)).toBe(true);
      if (out.answered && out.status === 200) acknowledged.set(input.reviewId, input);
      else notRecorded.add(input.reviewId);
    }

    const db = createDb(url);
    try {
      const log = await db.reviewLog.findMany({ select: { id: true, userId: true, seq: true, cardId: true, grade: true } });
      const byId = new Map(log.map((e) => [e.id, e]));
      for (const [id, input] of acknowledged) expect(byId.get(id), `acknowledged answer ${id}`).toMatchObject({ cardId: input.cardId, grade: input.grade });
      // Nothing else: no answer without a 2xx, and none twice (the id is the primary key).
      expect(log.length).toBe(acknowledged.size);
      for (const id of notRecorded) expect(byId.has(id)).toBe(false);
      for (const l of learners) {
        const seqs = log.filter((e) => e.userId === l.id).map((e) => e.seq).sort((x, y) => x - y);
        expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      }
      const rebuilt = await rebuildStates(db);
      expect(rebuilt.drifted).toEqual([]);
      expect(rebuilt.logEntries).toBe(log.length);
    } finally {
      await db.$disconnect();
    }
    const conn = new Database(file, { readonly: true });
    try {
      expect(conn.pragma("integrity_check", { simple: true })).toBe("ok");
    } finally {
      conn.close();
    }
    console.log(`[crash] ${ackedBeforeKill} acknowledged before kill -9, ${lost.length} replies lost, ${refused} conflicts, ${acknowledged.size} answers in the log`);
  }, 240_000); // two server starts: seconds on a quiet machine, a minute each on a crowded one
});

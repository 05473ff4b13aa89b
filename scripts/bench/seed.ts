// Seeds the review benchmark's database: one learner enrolled in `decks` decks that
// together hold `cards` cards, a card state for most of them, and `logRows` review-log
// rows spread over the learner's past two years. Raw better-sqlite3 in one transaction
// with prepared statements (about 20 s for a million log rows on 2 cores), on a file
// that `migrate()` made, so the schema is exactly the app's. Rows are written as the
// Prisma SQLite adapter writes them: DateTime as ISO text with "+00:00", booleans 0/1.
// Cards carry their HTML as the app stores it (lib/decks/cards.ts renderedCardFields:
// rendered when written); rendering is most of the seeding time (8–14 ms a card on 2 cores).
//
// Seeded files are cached under data/bench/ (gitignored), keyed by the sizes, the
// learner's current study day (due days are relative to it), the migrations' checksums
// and SEED_VERSION; each benchmark run works on a copy (see copySeeded).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { hashPassword } from "../../lib/auth/password.ts";
import { migrate, readMigrations } from "../../lib/db/migrate.ts";
import { renderedCardFields, type RenderedCardFields } from "../../lib/decks/cards.ts";
import { currentStudyDay } from "../../lib/srs/day.ts";
import { sm2, type Sm2State } from "../../lib/srs/sm2.ts";
import { dueInDays } from "../../lib/srs/preview.ts";
import { mulberry32 } from "../../experiments/random/mulberry32.ts";

/** Bump when the generated data changes, so cached files are rebuilt. */
const SEED_VERSION = 7;

export const BENCH_LEARNER = { email: "bench-learner@proofdeck.test", password: "bench-learner-password-1", name: "Bench Learner" };
const BENCH_OWNER = { email: "bench-owner@proofdeck.test", name: "Bench Owner" };
export const BENCH_TIME_ZONE = "UTC";
export const BENCH_ROLLOVER_HOUR = 4;
/** Per-deck limits: reviews effectively unlimited so the benchmark never runs out of work. */
export const BENCH_REVIEWS_PER_DAY = 1_000_000;
export const BENCH_NEW_CARDS_PER_DAY = 20;

export interface SeedSpec {
  cards: number;
  logRows: number;
  decks: number;
}

export interface SeededDb {
  file: string;
  spec: SeedSpec;
  today: number;
  learnerId: string;
  deckIds: string[];
  seconds: number;
  cached: boolean;
  /** Cards due for review today (dueDay <= today, reviewed before, not suspended/buried). */
  dueToday: number;
  bytes: number;
}

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 730;
/** Share of each deck's cards (its last positions) the learner has never answered. */
const NEW_SHARE = 0.1;
/** Share of answered cards due today or overdue. */
const DUE_SHARE = 0.25;

const B36 = "0123456789abcdefghijklmnopqrstuvwxyz";
/** cuid-shaped id ("c" + 24 base-36 chars), from the PRNG. */
function cuidLike(rand: () => number): string {
  let s = "c";
  for (let i = 0; i < 24; i++) s += B36[Math.floor(rand() * 36)];
  return s;
}

/** UUID v4 shape from the PRNG (the client makes review ids with crypto.randomUUID()). */
function uuidLike(rand: () => number): string {
  const h = "0123456789abcdef";
  let s = "";
  for (let i = 0; i < 32; i++) {
    let d = Math.floor(rand() * 16);
    if (i === 12) d = 4;
    if (i === 16) d = 8 + (d & 3);
    s += h[d];
    if (i === 7 || i === 11 || i === 15 || i === 19) s += "-";
  }
  return s;
}

/** How the Prisma SQLite adapter stores a DateTime. */
export const sqliteDate = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

/** An instant on study day `day` (UTC, rollover 04:00): between 06:00 and 22:00. */
const instantOn = (day: number, rand: () => number) => day * DAY_MS + 6 * 3_600_000 + Math.floor(rand() * 16 * 3_600_000);

/** Card text: Markdown with math and code, like the real decks; distinct per card. */
function cardText(i: number, rand: () => number): { front: string; back: string } {
  const n = i + 1;
  const kind = i % 3;
  if (kind === 0) {
    return {
      front: `Card ${n}: why does a stride-2 convolution with doubled filters keep the compute per layer about constant?`,
      back: [
        `The grid shrinks from $h \\times w$ to $\\tfrac{h}{2} \\times \\tfrac{w}{2}$, so there are **4× fewer positions**; doubling both input and output channels makes the kernel **4× larger**.`,
        "",
        `- positions: $28 \\times 28 = 784 \\to 14 \\times 14 = 196$`,
        `- weights per position: $3 \\times 3 \\times ${8 + (n % 7)} \\times ${16 + (n % 5)}$`,
        `- so the products match: $784 \\cdot k = 196 \\cdot 4k$ (card ${n}).`,
      ].join("\n"),
    };
  }
  if (kind === 1) {
    return {
      front: `Card ${n}: what does \`nn.BatchNorm2d(${16 + (n % 48)})\` compute in training mode?`,
      back: [
        `For each channel it normalises with the batch statistics, then scales and shifts:`,
        "",
        `$$\\hat{x} = \\frac{x - \\mu_B}{\\sqrt{\\sigma_B^2 + \\epsilon}}, \\qquad y = \\gamma \\hat{x} + \\beta$$`,
        "",
        "```python",
        `bn = nn.BatchNorm2d(${16 + (n % 48)}, eps=1e-5, momentum=0.1)`,
        `y = bn(torch.randn(64, ${16 + (n % 48)}, 28, 28))  # card ${n}`,
        "```",
        "",
        `The running mean and variance are updated with momentum ${(rand() * 0.2).toFixed(2)} and used at inference.`,
      ].join("\n"),
    };
  }
  return {
    front: `Card ${n}: what is the receptive field of the ${2 + (n % 6)}th layer of a stack of 3×3, stride-1 convolutions?`,
    back: [
      `Each 3×3 layer adds 2 to the side of the receptive field, so after $L$ layers it is $(2L + 1) \\times (2L + 1)$.`,
      "",
      `| layers | receptive field |`,
      `|---|---|`,
      `| 1 | 3×3 |`,
      `| 2 | 5×5 |`,
      `| ${2 + (n % 6)} | ${2 * (2 + (n % 6)) + 1}×${2 * (2 + (n % 6)) + 1} |`,
      "",
      `_Card ${n}._ With stride 2 the growth is faster: each later layer counts double.`,
    ].join("\n"),
  };
}

/** A plausible SM-2 state before an answer (not a replay of the card's history). */
function randomBefore(rand: () => number, first: boolean): Sm2State {
  if (first) return { repetitions: 0, easiness: 2.5, interval: 0, extraReview: false };
  const repetitions = Math.floor(rand() * 7);
  const easiness = 1.3 + Math.round(rand() * 80) * 0.02;
  const interval = repetitions === 0 ? 0 : repetitions === 1 ? 1 : repetitions === 2 ? 6 : 7 + Math.floor(rand() * 200);
  return { repetitions, easiness, interval, extraReview: false };
}

const GRADE_WEIGHTS = [0.03, 0.04, 0.06, 0.15, 0.42, 0.3];
function randomGrade(rand: () => number): number {
  let r = rand();
  for (let g = 0; g < 6; g++) {
    if (r < GRADE_WEIGHTS[g]) return g;
    r -= GRADE_WEIGHTS[g];
  }
  return 5;
}

export function migrationsKey(root = process.cwd()): string {
  const h = crypto.createHash("sha256").update(`seed-v${SEED_VERSION}\n`);
  for (const m of readMigrations("sqlite", root)) h.update(`${m.name}:${m.checksum}\n`);
  return h.digest("hex").slice(0, 12);
}

export function benchToday(now = new Date()): number {
  return currentStudyDay(now, BENCH_TIME_ZONE, BENCH_ROLLOVER_HOUR);
}

/** The cached seeded file for `spec`, seeding it first if absent. */
export async function seededDb(spec: SeedSpec, dir: string, log: (s: string) => void = () => {}): Promise<SeededDb> {
  const today = benchToday();
  const key = `review-${spec.cards}c-${spec.logRows}r-${spec.decks}d-day${today}-${migrationsKey()}`;
  const file = path.join(dir, `${key}.db`);
  const meta = `${file}.json`;
  fs.mkdirSync(dir, { recursive: true });
  if (fs.existsSync(file) && fs.existsSync(meta)) {
    return { ...(JSON.parse(fs.readFileSync(meta, "utf8")) as Omit<SeededDb, "cached">), file, cached: true };
  }
  // Older cached files for the same sizes (another day, migration or seed version): remove.
  const prefix = `review-${spec.cards}c-${spec.logRows}r-${spec.decks}d-`;
  for (const f of fs.readdirSync(dir)) if (f.startsWith(prefix)) fs.rmSync(path.join(dir, f), { force: true });

  log(`seeding ${spec.cards.toLocaleString("en")} cards, ${spec.logRows.toLocaleString("en")} log rows, ${spec.decks} decks → ${path.relative(process.cwd(), file)}`);
  const t0 = Date.now();
  const tmp = `${file}.tmp-${process.pid}`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
  await migrate(`file:${tmp}`);
  const passwordHash = await hashPassword(BENCH_LEARNER.password);
  const result = seedFile(tmp, spec, today, passwordHash);
  fs.renameSync(tmp, file);
  const seeded: Omit<SeededDb, "cached"> = {
    file, spec, today, ...result, seconds: (Date.now() - t0) / 1000, bytes: fs.statSync(file).size,
  };
  fs.writeFileSync(meta, JSON.stringify(seeded, null, 2));
  log(`seeded in ${seeded.seconds.toFixed(1)} s (${(seeded.bytes / 2 ** 20).toFixed(0)} MiB, ${seeded.dueToday} cards due today)`);
  return { ...seeded, cached: false };
}

const NUMBER = "QQCARDNUMBERQQ";

/**
 * A card's stored fields, rendered as the app does. The texts of one kind differ in a few small
 * numbers and in the card's own number, which only ever lands in plain text or a code comment:
 * each text is rendered once with a placeholder for that number, which is then put into the
 * HTML (50,000 full renders take minutes; this takes about a thousand). The first cards are
 * also rendered in full and must come out the same.
 */
function renderCard(text: { front: string; back: string }, n: number, memo: Map<string, RenderedCardFields>): RenderedCardFields {
  const own = new RegExp(`([Cc]ard )${n}\\b`, "g");
  const tpl = { front: text.front.replace(own, `$1${NUMBER}`), back: text.back.replace(own, `$1${NUMBER}`) };
  const key = `${tpl.front}\0${tpl.back}`;
  let r = memo.get(key);
  if (!r) memo.set(key, (r = renderedCardFields(tpl.front, tpl.back)));
  const fill = (html: string) => html.replaceAll(NUMBER, String(n));
  const out = { ...r, front: text.front, back: text.back, frontHtml: fill(r.frontHtml), backHtml: fill(r.backHtml) };
  if (n <= 64) {
    const full = renderedCardFields(text.front, text.back);
    if (full.frontHtml !== out.frontHtml || full.backHtml !== out.backHtml) throw new Error(`bench seed: card ${n} renders differently from its template`);
  }
  return out;
}

function seedFile(file: string, spec: SeedSpec, today: number, passwordHash: string) {
  // Cards and states depend only on the card and deck counts, so the 1k-row and 1M-row
  // files differ only in the log (and the card states' version counters).
  const rand = mulberry32(0x5eed ^ spec.cards ^ (spec.decks << 20));
  const randLog = mulberry32(0x1095 ^ spec.logRows);
  const conn = new Database(file);
  // Bulk-load settings for this connection only; the file goes back to WAL at the end.
  conn.pragma("journal_mode = OFF");
  conn.pragma("synchronous = OFF");
  conn.pragma("cache_size = -1000000");
  conn.pragma("foreign_keys = ON");

  const created = sqliteDate(today * DAY_MS - HISTORY_DAYS * DAY_MS - 10 * DAY_MS);
  const learnerId = cuidLike(rand);
  const ownerId = cuidLike(rand);
  const deckIds = Array.from({ length: spec.decks }, () => cuidLike(rand));
  let dueToday = 0;
  const rendered = new Map<string, RenderedCardFields>();

  const insUser = conn.prepare(
    `INSERT INTO "User" (id, email, name, passwordHash, role, timeZone, dayRolloverHour, createdAt, updatedAt, emailVerifiedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insDeck = conn.prepare(
    `INSERT INTO "Deck" (id, slug, ownerId, title, description, published, newCardsPerDay, reviewsPerDay, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
  );
  const insEnrol = conn.prepare(`INSERT INTO "Enrolment" (userId, deckId, enrolledAt) VALUES (?, ?, ?)`);
  const insCard = conn.prepare(
    `INSERT INTO "Card" (id, deckId, externalId, front, back, frontHtml, backHtml, renderVersion, experimentId, position, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)`,
  );
  const insState = conn.prepare(
    `INSERT INTO "CardState" (userId, cardId, deckId, repetitions, easiness, interval, dueDay, extraReview, lapses, buriedUntilDay, suspended, lastReviewedAt, lastReviewDay, version, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insLog = conn.prepare(
    `INSERT INTO "ReviewLog" (id, userId, seq, cardId, deckId, kind, undoesId, grade, repetitionsBefore, easinessBefore, intervalBefore, dueDayBefore, extraReviewBefore,
       repetitionsAfter, easinessAfter, intervalAfter, dueDayAfter, extraReviewAfter, answeredAt, reviewDay, durationMs, createdAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  conn.transaction(() => {
    // Confirmed addresses: sign-in refuses an unconfirmed one (issue #11).
    insUser.run(learnerId, BENCH_LEARNER.email, BENCH_LEARNER.name, passwordHash, "LEARNER", BENCH_TIME_ZONE, BENCH_ROLLOVER_HOUR, created, created, created);
    insUser.run(ownerId, BENCH_OWNER.email, BENCH_OWNER.name, "!", "INSTRUCTOR", BENCH_TIME_ZONE, BENCH_ROLLOVER_HOUR, created, created, created);
    deckIds.forEach((id, d) => {
      insDeck.run(id, `bench-deck-${d + 1}`, ownerId, `Benchmark deck ${d + 1}`, "Generated by scripts/bench/seed.ts.", BENCH_NEW_CARDS_PER_DAY, BENCH_REVIEWS_PER_DAY, created, created);
      insEnrol.run(learnerId, id, created);
    });

    // Cards: each deck's cards inserted together (as an import does), in position order;
    // per deck, the last NEW_SHARE of positions are new (never answered).
    const perDeck = Math.ceil(spec.cards / spec.decks);
    type StateArgs = [string, string, string, number, number, number, number, number, number | null, number, string, number, number, string];
    const states: StateArgs[] = [];
    const answered: { cardId: string; deckId: string; lastReviewDay: number; lastMs: number }[] = [];
    for (let i = 0; i < spec.cards; i++) {
      const d = Math.floor(i / perDeck);
      const position = (i % perDeck) + 1;
      const cardId = cuidLike(rand);
      const text = cardText(i, rand);
      const { front, back, frontHtml, backHtml, renderVersion } = renderCard(text, i + 1, rendered);
      insCard.run(cardId, deckIds[d], `bench-${i + 1}`, front, back, frontHtml, backHtml, renderVersion, position, created, created);
      if (position > perDeck * (1 - NEW_SHARE)) continue; // new: no state row

      const repetitions = 1 + Math.floor(rand() * 8);
      const easiness = 1.3 + Math.round(rand() * 80) * 0.02;
      const interval = repetitions === 1 ? 1 : repetitions === 2 ? 6 : Math.min(365, 7 + Math.floor(rand() * rand() * 360));
      let dueDay: number;
      if (rand() < DUE_SHARE) dueDay = today - Math.floor(rand() * Math.min(interval, 60)); // due or overdue
      else dueDay = today + 1 + Math.floor(rand() * interval);
      const lastReviewDay = Math.min(today - 1, Math.max(today - HISTORY_DAYS + 1, dueDay - interval));
      const lastMs = instantOn(lastReviewDay, rand);
      const suspended = rand() < 0.005 ? 1 : 0;
      const buriedUntilDay = rand() < 0.01 ? (rand() < 0.5 ? today - 1 - Math.floor(rand() * 30) : today + 1) : null;
      const lapses = Math.floor(rand() * rand() * 4);
      if (dueDay <= today && !suspended && (buriedUntilDay === null || buriedUntilDay <= today)) dueToday++;
      states.push([learnerId, cardId, deckIds[d], repetitions, easiness, interval, dueDay, lapses, buriedUntilDay, suspended, sqliteDate(lastMs), lastReviewDay, 0, sqliteDate(lastMs)]);
      answered.push({ cardId, deckId: deckIds[d], lastReviewDay, lastMs });
    }
    // Card states are created as the learner first answers cards, across decks over time:
    // insert them in shuffled order, so a deck's states are spread over the table as in use.
    for (let i = states.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [states[i], states[j]] = [states[j], states[i]];
    }
    for (const args of states) insState.run(...args);

    // Review log: spread over the answered cards, each card's rows on sorted days of the
    // past two years ending with its last review; about 1 in 200 answers later undone.
    const setVersion = conn.prepare(`UPDATE "CardState" SET version = ? WHERE userId = ? AND cardId = ?`);
    const n = answered.length;
    const base = Math.floor(spec.logRows / n);
    const counts = answered.map((_, j) => base + (j < spec.logRows - base * n ? 1 : 0));
    // The learner's log order (ReviewLog.seq): insertion order here, card by card (nothing replays this synthetic log).
    let seq = 0;
    // ±50% jitter around the mean, in pairs so the total stays exact.
    for (let j = 0; j + 1 < n; j += 2) {
      const jitter = Math.floor(randLog() * (base / 2));
      counts[j] += jitter;
      counts[j + 1] -= jitter;
    }
    for (let j = 0; j < n; j++) {
      const a = answered[j];
      const count = counts[j];
      if (count <= 0) continue;
      const firstDay = Math.max(today - HISTORY_DAYS, a.lastReviewDay - HISTORY_DAYS);
      const days: number[] = [];
      for (let k = 0; k < count - 1; k++) days.push(firstDay + Math.floor(randLog() * (a.lastReviewDay - firstDay + 1)));
      days.sort((x, y) => x - y);
      days.push(a.lastReviewDay);
      let version = 0;
      let prevId: string | null = null;
      for (let k = 0; k < days.length; k++) {
        const day = days[k];
        const at = k === days.length - 1 ? a.lastMs : Math.min(instantOn(day, randLog), a.lastMs - (days.length - k));
        const id = uuidLike(randLog);
        if (prevId && k < days.length - 1 && randLog() < 0.005) {
          // A compensating UNDO entry for the previous answer.
          insLog.run(id, learnerId, ++seq, a.cardId, a.deckId, "UNDO", prevId, null, 1, 2.5, 1, day, 0, 0, 2.5, 0, day, 0, sqliteDate(at), day, 0, sqliteDate(at + 5));
          prevId = null;
          version++;
          continue;
        }
        const before = randomBefore(randLog, k === 0);
        const grade = randomGrade(randLog);
        const after = sm2(before, grade);
        const dueDayBefore = k === 0 ? null : day - Math.floor(randLog() * 5);
        insLog.run(
          id, learnerId, ++seq, a.cardId, a.deckId, "ANSWER", null, grade,
          before.repetitions, before.easiness, before.interval, dueDayBefore, before.extraReview ? 1 : 0,
          after.repetitions, after.easiness, after.interval, day + dueInDays(after), after.extraReview ? 1 : 0,
          sqliteDate(at), day, 2000 + Math.floor(randLog() * 15000), sqliteDate(at + 3),
        );
        prevId = id;
        version++;
      }
      setVersion.run(version, learnerId, a.cardId);
    }
  })();
  conn.pragma("journal_mode = WAL");
  conn.close();
  return { learnerId, deckIds, dueToday };
}

/** A private copy of a seeded file for one server run (the run writes to it). */
export function copySeeded(seeded: SeededDb, dest: string): string {
  for (const f of [dest, `${dest}-wal`, `${dest}-shm`]) fs.rmSync(f, { force: true });
  fs.copyFileSync(seeded.file, dest);
  return `file:${dest}`;
}

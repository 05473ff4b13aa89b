// `npm start`'s first half (npm runs it as prestart): migrate, seed, render stale card HTML,
// build if needed.
//   tsx scripts/prepare.ts [--no-build]
import { createDb } from "../lib/db/client.ts";
import { migrate } from "../lib/db/migrate.ts";
import { rerenderStaleCards } from "../lib/decks/cards.ts";
import { RENDERER_VERSION } from "../lib/decks/render.ts";
import { seedDemo } from "../lib/decks/seed.ts";
import { DEMO_ACCOUNTS, demoAccountsWanted } from "../lib/users/demo.ts";
import { buildApp, buildIsCurrent } from "./build-hash.ts";
import { runtimeEnv } from "./runtime-env.ts";

async function main() {
  const env = runtimeEnv();
  const url = env.DATABASE_URL!;
  const demoAccounts = demoAccountsWanted(env); // a bad PROOFDECK_DEMO stops the start before anything is written
  const t0 = Date.now();
  const result = await migrate(url);
  console.log(
    `[proofdeck] database (${result.provider}): ${result.applied.length ? `applied ${result.applied.join(", ")}` : "migrations up to date"}`,
  );

  const db = createDb(url);
  try {
    const seeded = await seedDemo(db, { demoAccounts });
    console.log(
      `[proofdeck] seed: ${seeded.usersCreated} account${seeded.usersCreated === 1 ? "" : "s"} created, deck ${seeded.deckCreated ? "created" : "present"}, ` +
        `${seeded.cardsCreated} cards created, ${seeded.cardsUpdated} updated (${Date.now() - t0} ms)`,
    );
    // Cards written before their HTML was stored, or by an older renderer: render them now,
    // before any instance serves them (review serves the stored HTML as it is).
    const html = await rerenderStaleCards(db);
    console.log(
      `[proofdeck] card HTML (renderer v${RENDERER_VERSION}): ` +
        (html.found === 0
          ? "up to date"
          : `${html.rendered} cards re-rendered${html.skipped ? `, ${html.skipped} already done by another instance or edited meanwhile` : ""} ` +
            `in ${html.batches} batch${html.batches === 1 ? "" : "es"} (${html.ms} ms)`),
    );
  } finally {
    await db.$disconnect();
  }
  if (demoAccounts) {
    console.log("[proofdeck] demo accounts (PROOFDECK_DEMO=0 turns them off):");
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.toLowerCase().padEnd(10)} ${a.email}  password: ${a.password}`);
  } else {
    console.log("[proofdeck] demo accounts: off (PROOFDECK_DEMO=1 creates them; their passwords are public)");
  }

  if (process.argv.includes("--no-build")) return;
  if (buildIsCurrent()) {
    console.log("[proofdeck] build is up to date");
    return;
  }
  console.log("[proofdeck] building the app (first start or changed sources; about a minute)…");
  const t1 = Date.now();
  buildApp(env);
  console.log(`[proofdeck] built in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
}

main().catch((err) => {
  console.error(`[proofdeck] start failed: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});

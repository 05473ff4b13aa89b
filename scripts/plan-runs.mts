import Database from "better-sqlite3";
const db = new Database(process.env.F ?? "data/bench/class-500l-1000000r-day20789-2e23f9c1a9f9.db", { readonly: true });
const classId = "benchclassbig", from = 20789 - 400, base = 20789;
const variants: Record<string, string> = {
  current: `
    WITH "members" AS (SELECT "userId", "joinedDay" FROM "ClassMember" WHERE "classId" = @classId),
    "answered" AS (
      SELECT s."userId" AS "userId", s."day" AS "day", SUM(s."answers") AS "answers"
      FROM "members" m JOIN "StatsDay" s ON s."userId" = m."userId" AND s."day" >= m."joinedDay"
      WHERE s."day" >= @from AND s."deckId" IN (SELECT cd."deckId" FROM "ClassDeck" cd WHERE cd."classId" = @classId)
      GROUP BY s."userId", s."day"),
    "undone" AS (
      SELECT a."userId" AS "userId", a."reviewDay" AS "day", COUNT(*) AS "n"
      FROM "members" m CROSS JOIN "ReviewLog" u
      JOIN "ReviewLog" a ON a."id" = u."undoesId"
      WHERE u."userId" = m."userId" AND u."kind" = 'UNDO' AND u."reviewDay" >= @from
        AND a."deckId" IN (SELECT cd."deckId" FROM "ClassDeck" cd WHERE cd."classId" = @classId) AND a."reviewDay" >= m."joinedDay" AND a."reviewDay" >= @from
      GROUP BY a."userId", a."reviewDay"),
    "studied" AS (
      SELECT d."userId" AS "userId", d."day" AS "day", d."day" - ROW_NUMBER() OVER (PARTITION BY d."userId" ORDER BY d."day") AS "run"
      FROM "answered" d LEFT JOIN "undone" x ON x."userId" = d."userId" AND x."day" = d."day"
      WHERE d."answers" > COALESCE(x."n", 0))
    SELECT "userId", MAX("day") AS "last", COUNT(*) AS "length" FROM "studied" GROUP BY "userId", "run" HAVING MAX("day") >= @edge`,
  union: `
    WITH "members" AS (SELECT "userId", "joinedDay" FROM "ClassMember" WHERE "classId" = @classId),
    "decks" AS (SELECT cd."deckId" FROM "ClassDeck" cd WHERE cd."classId" = @classId),
    "counted" AS (
      SELECT s."userId" AS "userId", s."day" AS "day", s."answers" AS "n"
      FROM "members" m JOIN "StatsDay" s ON s."userId" = m."userId" AND s."day" >= m."joinedDay" AND s."day" >= @from
      WHERE s."deckId" IN (SELECT "deckId" FROM "decks")
      UNION ALL
      SELECT a."userId", a."reviewDay", -1
      FROM "members" m CROSS JOIN "ReviewLog" u
      JOIN "ReviewLog" a ON a."id" = u."undoesId"
      WHERE u."userId" = m."userId" AND u."kind" = 'UNDO' AND u."reviewDay" >= @from AND a."deckId" IN (SELECT "deckId" FROM "decks") AND a."reviewDay" >= m."joinedDay" AND a."reviewDay" >= @from),
    "studied" AS (
      SELECT "userId", "day", "day" - ROW_NUMBER() OVER (PARTITION BY "userId" ORDER BY "day") AS "run"
      FROM "counted" GROUP BY "userId", "day" HAVING SUM("n") > 0)
    SELECT "userId", MAX("day") AS "last", COUNT(*) AS "length" FROM "studied" GROUP BY "userId", "run" HAVING MAX("day") >= @edge`,
};
for (const [name, sql] of Object.entries(variants)) {
  const st = db.prepare(sql);
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const rows = st.all({ classId, from, edge: base - 3 });
    console.log(name, (performance.now() - t).toFixed(0), "ms", rows.length);
  }
  console.log(db.prepare("EXPLAIN QUERY PLAN " + sql).all({ classId, from, edge: base - 3 }).map((r: any) => r.detail).join(" | "));
}

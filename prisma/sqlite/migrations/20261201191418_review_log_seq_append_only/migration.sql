-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ReviewLog" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "cardId" TEXT NOT NULL,
    "deckId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'ANSWER',
    "undoesId" TEXT,
    "grade" INTEGER,
    "repetitionsBefore" INTEGER NOT NULL,
    "easinessBefore" REAL NOT NULL,
    "intervalBefore" INTEGER NOT NULL,
    "dueDayBefore" INTEGER,
    "extraReviewBefore" BOOLEAN NOT NULL,
    "repetitionsAfter" INTEGER NOT NULL,
    "easinessAfter" REAL NOT NULL,
    "intervalAfter" INTEGER NOT NULL,
    "dueDayAfter" INTEGER NOT NULL,
    "extraReviewAfter" BOOLEAN NOT NULL,
    "answeredAt" DATETIME NOT NULL,
    "reviewDay" INTEGER NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReviewLog_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ReviewLog_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "Card" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
-- Existing entries are numbered per learner in the order they were written (hand-edited).
INSERT INTO "new_ReviewLog" ("seq", "answeredAt", "cardId", "createdAt", "deckId", "dueDayAfter", "dueDayBefore", "durationMs", "easinessAfter", "easinessBefore", "extraReviewAfter", "extraReviewBefore", "grade", "id", "intervalAfter", "intervalBefore", "kind", "repetitionsAfter", "repetitionsBefore", "reviewDay", "undoesId", "userId") SELECT ROW_NUMBER() OVER (PARTITION BY "userId" ORDER BY "answeredAt", "createdAt", "id"), "answeredAt", "cardId", "createdAt", "deckId", "dueDayAfter", "dueDayBefore", "durationMs", "easinessAfter", "easinessBefore", "extraReviewAfter", "extraReviewBefore", "grade", "id", "intervalAfter", "intervalBefore", "kind", "repetitionsAfter", "repetitionsBefore", "reviewDay", "undoesId", "userId" FROM "ReviewLog";
DROP TABLE "ReviewLog";
ALTER TABLE "new_ReviewLog" RENAME TO "ReviewLog";
CREATE UNIQUE INDEX "ReviewLog_undoesId_key" ON "ReviewLog"("undoesId");
CREATE INDEX "ReviewLog_userId_deckId_reviewDay_idx" ON "ReviewLog"("userId", "deckId", "reviewDay");
CREATE INDEX "ReviewLog_userId_reviewDay_idx" ON "ReviewLog"("userId", "reviewDay");
CREATE INDEX "ReviewLog_userId_cardId_seq_idx" ON "ReviewLog"("userId", "cardId", "seq");
CREATE UNIQUE INDEX "ReviewLog_userId_seq_key" ON "ReviewLog"("userId", "seq");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Append-only, enforced by the database itself (hand-written). A later migration that rebuilds this
-- table (create new, copy, drop, rename) drops these with the old table and must create them again.
CREATE TRIGGER "ReviewLog_no_update" BEFORE UPDATE ON "ReviewLog"
BEGIN
    SELECT RAISE(ABORT, 'ReviewLog is append-only: rows cannot be updated');
END;
CREATE TRIGGER "ReviewLog_no_delete" BEFORE DELETE ON "ReviewLog"
BEGIN
    SELECT RAISE(ABORT, 'ReviewLog is append-only: rows cannot be deleted');
END;

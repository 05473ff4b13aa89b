-- CreateTable
CREATE TABLE "ClassCardDay" (
    "classId" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "cardId" TEXT NOT NULL,
    "answers" INTEGER NOT NULL,
    "gradeSum" INTEGER NOT NULL,
    "reviews" INTEGER NOT NULL,
    "lapses" INTEGER NOT NULL,

    PRIMARY KEY ("classId", "day", "cardId"),
    CONSTRAINT "ClassCardDay_classId_fkey" FOREIGN KEY ("classId") REFERENCES "Class" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_StatsDay" (
    "userId" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "deckId" TEXT NOT NULL,
    "answers" INTEGER NOT NULL,
    "durationMs" REAL NOT NULL,
    "counts" TEXT NOT NULL,
    "reviews" INTEGER NOT NULL DEFAULT 0,
    "recalled" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("userId", "day", "deckId"),
    CONSTRAINT "StatsDay_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_StatsDay" ("answers", "counts", "day", "deckId", "durationMs", "userId") SELECT "answers", "counts", "day", "deckId", "durationMs", "userId" FROM "StatsDay";
DROP TABLE "StatsDay";
ALTER TABLE "new_StatsDay" RENAME TO "StatsDay";
CREATE TABLE "new_ClassMember" (
    "classId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "joinedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "joinedDay" INTEGER NOT NULL DEFAULT 0,
    "cardsThroughSeq" INTEGER NOT NULL DEFAULT 0,
    "cardsFromSeq" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("classId", "userId"),
    CONSTRAINT "ClassMember_classId_fkey" FOREIGN KEY ("classId") REFERENCES "Class" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ClassMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ClassMember" ("classId", "joinedAt", "joinedDay", "userId") SELECT "classId", "joinedAt", "joinedDay", "userId" FROM "ClassMember";
DROP TABLE "ClassMember";
ALTER TABLE "new_ClassMember" RENAME TO "ClassMember";
CREATE INDEX "ClassMember_userId_idx" ON "ClassMember"("userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

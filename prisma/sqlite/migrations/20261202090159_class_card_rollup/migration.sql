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

-- CreateTable
CREATE TABLE "ClassCardCursor" (
    "classId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "throughSeq" INTEGER NOT NULL,
    "fromSeq" INTEGER NOT NULL,
    "joinedDay" INTEGER NOT NULL,

    PRIMARY KEY ("classId", "userId"),
    CONSTRAINT "ClassCardCursor_classId_userId_fkey" FOREIGN KEY ("classId", "userId") REFERENCES "ClassMember" ("classId", "userId") ON DELETE CASCADE ON UPDATE CASCADE
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
    "keptAnswers" INTEGER NOT NULL DEFAULT 0,
    "keptReviews" INTEGER NOT NULL DEFAULT 0,
    "keptRecalled" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("userId", "day", "deckId"),
    CONSTRAINT "StatsDay_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_StatsDay" ("answers", "counts", "day", "deckId", "durationMs", "userId") SELECT "answers", "counts", "day", "deckId", "durationMs", "userId" FROM "StatsDay";
DROP TABLE "StatsDay";
ALTER TABLE "new_StatsDay" RENAME TO "StatsDay";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

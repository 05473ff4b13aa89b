-- DropIndex
DROP INDEX "ReviewLog_stats_idx";

-- CreateTable
CREATE TABLE "StatsDay" (
    "userId" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "deckId" TEXT NOT NULL,
    "answers" INTEGER NOT NULL,
    "durationMs" REAL NOT NULL,
    "counts" TEXT NOT NULL,

    PRIMARY KEY ("userId", "day", "deckId"),
    CONSTRAINT "StatsDay_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StatsCursor" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "throughSeq" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    CONSTRAINT "StatsCursor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ReviewLog_stats_idx" ON "ReviewLog"("userId", "kind", "reviewDay", "deckId");

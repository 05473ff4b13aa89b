-- DropIndex
DROP INDEX "ReviewLog_stats_idx";

-- CreateTable
CREATE TABLE "StatsDay" (
    "userId" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "deckId" TEXT NOT NULL,
    "answers" INTEGER NOT NULL,
    "durationMs" DOUBLE PRECISION NOT NULL,
    "counts" TEXT NOT NULL,

    CONSTRAINT "StatsDay_pkey" PRIMARY KEY ("userId","day","deckId")
);

-- CreateTable
CREATE TABLE "StatsCursor" (
    "userId" TEXT NOT NULL,
    "throughSeq" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,

    CONSTRAINT "StatsCursor_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "ReviewLog_stats_idx" ON "ReviewLog"("userId", "kind", "reviewDay", "deckId");

-- AddForeignKey
ALTER TABLE "StatsDay" ADD CONSTRAINT "StatsDay_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StatsCursor" ADD CONSTRAINT "StatsCursor_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

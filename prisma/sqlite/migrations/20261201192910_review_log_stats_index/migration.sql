-- CreateIndex
CREATE INDEX "ReviewLog_stats_idx" ON "ReviewLog"("userId", "kind", "reviewDay", "deckId", "repetitionsBefore", "extraReviewBefore", "intervalBefore", "grade", "durationMs");

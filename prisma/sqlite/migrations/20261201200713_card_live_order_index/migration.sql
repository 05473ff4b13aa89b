-- CreateIndex
CREATE INDEX "Card_deckId_archivedAt_position_id_idx" ON "Card"("deckId", "archivedAt", "position", "id");

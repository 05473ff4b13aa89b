-- CreateEnum
CREATE TYPE "NoteType" AS ENUM ('BASIC', 'REVERSED', 'CLOZE');

-- AlterTable
ALTER TABLE "Card" ADD COLUMN     "backHtml" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "frontHtml" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "noteId" TEXT,
ADD COLUMN     "ordinal" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "renderVersion" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "Note" (
    "id" TEXT NOT NULL,
    "deckId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "type" "NoteType" NOT NULL DEFAULT 'BASIC',
    "front" TEXT NOT NULL,
    "back" TEXT NOT NULL DEFAULT '',
    "tags" TEXT NOT NULL DEFAULT ' ',
    "experimentId" TEXT,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Media" (
    "sha256" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "uploaderId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Media_pkey" PRIMARY KEY ("sha256")
);

-- CreateIndex
CREATE INDEX "Note_deckId_updatedAt_idx" ON "Note"("deckId", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Note_deckId_externalId_key" ON "Note"("deckId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "Card_noteId_ordinal_key" ON "Card"("noteId", "ordinal");

-- AddForeignKey
ALTER TABLE "Card" ADD CONSTRAINT "Card_noteId_fkey" FOREIGN KEY ("noteId") REFERENCES "Note"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Note" ADD CONSTRAINT "Note_deckId_fkey" FOREIGN KEY ("deckId") REFERENCES "Deck"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Media" ADD CONSTRAINT "Media_uploaderId_fkey" FOREIGN KEY ("uploaderId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "StatsDay" ADD COLUMN     "recalled" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "reviews" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "ClassMember" ADD COLUMN     "cardsFromSeq" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "cardsThroughSeq" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ClassCardDay" (
    "classId" TEXT NOT NULL,
    "day" INTEGER NOT NULL,
    "cardId" TEXT NOT NULL,
    "answers" INTEGER NOT NULL,
    "gradeSum" INTEGER NOT NULL,
    "reviews" INTEGER NOT NULL,
    "lapses" INTEGER NOT NULL,

    CONSTRAINT "ClassCardDay_pkey" PRIMARY KEY ("classId","day","cardId")
);

-- AddForeignKey
ALTER TABLE "ClassCardDay" ADD CONSTRAINT "ClassCardDay_classId_fkey" FOREIGN KEY ("classId") REFERENCES "Class"("id") ON DELETE CASCADE ON UPDATE CASCADE;

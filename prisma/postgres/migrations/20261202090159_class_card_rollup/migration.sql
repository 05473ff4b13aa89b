-- AlterTable
ALTER TABLE "StatsDay" ADD COLUMN     "keptAnswers" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "keptRecalled" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "keptReviews" INTEGER NOT NULL DEFAULT 0;

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

-- CreateTable
CREATE TABLE "ClassCardCursor" (
    "classId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "throughSeq" INTEGER NOT NULL,
    "fromSeq" INTEGER NOT NULL,
    "joinedDay" INTEGER NOT NULL,

    CONSTRAINT "ClassCardCursor_pkey" PRIMARY KEY ("classId","userId")
);

-- AddForeignKey
ALTER TABLE "ClassCardDay" ADD CONSTRAINT "ClassCardDay_classId_fkey" FOREIGN KEY ("classId") REFERENCES "Class"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClassCardCursor" ADD CONSTRAINT "ClassCardCursor_classId_userId_fkey" FOREIGN KEY ("classId", "userId") REFERENCES "ClassMember"("classId", "userId") ON DELETE CASCADE ON UPDATE CASCADE;

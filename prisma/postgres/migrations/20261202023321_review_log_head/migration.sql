-- CreateTable
CREATE TABLE "ReviewLogHead" (
    "userId" TEXT NOT NULL,
    "lastSeq" INTEGER NOT NULL,

    CONSTRAINT "ReviewLogHead_pkey" PRIMARY KEY ("userId")
);

-- AddForeignKey
ALTER TABLE "ReviewLogHead" ADD CONSTRAINT "ReviewLogHead_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

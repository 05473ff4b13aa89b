-- CreateTable
CREATE TABLE "ReviewLogHead" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "lastSeq" INTEGER NOT NULL,
    CONSTRAINT "ReviewLogHead_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

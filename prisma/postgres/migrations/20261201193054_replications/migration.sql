-- CreateTable
CREATE TABLE "Replication" (
    "id" TEXT NOT NULL,
    "experimentId" TEXT NOT NULL,
    "experimentVersion" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "backend" TEXT NOT NULL,
    "tfjsVersion" TEXT NOT NULL,
    "deviceClass" TEXT NOT NULL,
    "browser" TEXT NOT NULL,
    "runs" TEXT NOT NULL,
    "verdict" TEXT NOT NULL,
    "numbers" TEXT NOT NULL,
    "agrees" BOOLEAN NOT NULL,
    "hiddenAt" TIMESTAMP(3),
    "hiddenBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Replication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Replication_experimentId_createdAt_idx" ON "Replication"("experimentId", "createdAt");

-- CreateIndex
CREATE INDEX "Replication_userId_experimentId_createdAt_idx" ON "Replication"("userId", "experimentId", "createdAt");

-- AddForeignKey
ALTER TABLE "Replication" ADD CONSTRAINT "Replication_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

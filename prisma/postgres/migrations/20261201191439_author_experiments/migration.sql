-- CreateTable
CREATE TABLE "Experiment" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Experiment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExperimentVersion" (
    "experimentId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "design" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "frozenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revisionChange" TEXT,
    "revisionBecause" TEXT,
    "afterSeeingResults" BOOLEAN NOT NULL DEFAULT false,
    "recording" TEXT,
    "verdict" TEXT,
    "recordedAt" TIMESTAMP(3),
    "recordedBy" TEXT,

    CONSTRAINT "ExperimentVersion_pkey" PRIMARY KEY ("experimentId","version")
);

-- CreateIndex
CREATE INDEX "Experiment_ownerId_idx" ON "Experiment"("ownerId");

-- AddForeignKey
ALTER TABLE "Experiment" ADD CONSTRAINT "Experiment_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExperimentVersion" ADD CONSTRAINT "ExperimentVersion_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

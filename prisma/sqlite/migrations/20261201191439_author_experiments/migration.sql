-- CreateTable
CREATE TABLE "Experiment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ownerId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Experiment_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExperimentVersion" (
    "experimentId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "design" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "frozenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revisionChange" TEXT,
    "revisionBecause" TEXT,
    "afterSeeingResults" BOOLEAN NOT NULL DEFAULT false,
    "recording" TEXT,
    "verdict" TEXT,
    "recordedAt" DATETIME,
    "recordedBy" TEXT,

    PRIMARY KEY ("experimentId", "version"),
    CONSTRAINT "ExperimentVersion_experimentId_fkey" FOREIGN KEY ("experimentId") REFERENCES "Experiment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Experiment_ownerId_idx" ON "Experiment"("ownerId");

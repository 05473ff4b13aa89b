-- AlterTable
ALTER TABLE "ClassMember" ADD COLUMN     "joinedDay" INTEGER NOT NULL DEFAULT 0;

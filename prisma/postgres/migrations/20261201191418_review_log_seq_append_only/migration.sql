-- DropIndex
DROP INDEX "ReviewLog_userId_cardId_answeredAt_idx";

-- AlterTable (hand-edited): existing entries are numbered per learner in the order they were
-- written, then the column is required.
ALTER TABLE "ReviewLog" ADD COLUMN     "seq" INTEGER;
UPDATE "ReviewLog" AS r SET "seq" = n."seq"
FROM (SELECT "id", ROW_NUMBER() OVER (PARTITION BY "userId" ORDER BY "answeredAt", "createdAt", "id") AS "seq" FROM "ReviewLog") AS n
WHERE r."id" = n."id";
ALTER TABLE "ReviewLog" ALTER COLUMN "seq" SET NOT NULL;

-- CreateIndex
CREATE INDEX "ReviewLog_userId_cardId_seq_idx" ON "ReviewLog"("userId", "cardId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewLog_userId_seq_key" ON "ReviewLog"("userId", "seq");

-- Append-only, enforced by the database itself (hand-written): UPDATE, DELETE and TRUNCATE are refused.
CREATE FUNCTION "ReviewLog_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ReviewLog is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER "ReviewLog_no_update_delete" BEFORE UPDATE OR DELETE ON "ReviewLog"
    FOR EACH ROW EXECUTE FUNCTION "ReviewLog_append_only"();
CREATE TRIGGER "ReviewLog_no_truncate" BEFORE TRUNCATE ON "ReviewLog"
    FOR EACH STATEMENT EXECUTE FUNCTION "ReviewLog_append_only"();

// What a database error means, whichever way the statement went out.

/**
 * A unique index refused the write: P2002 from Prisma's own queries; P2010 naming the violation
 * from Prisma's raw statements; PostgreSQL's 23505 from the hot path's (raw.ts).
 */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  return e.code === "P2002" || e.code === "23505" || (e.code === "P2010" && e.meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation");
}

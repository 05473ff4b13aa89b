// Data access for accounts.
import { isUniqueViolation } from "../db/errors.ts";
import type { Db } from "../db/client.ts";
import { Prisma } from "../db/generated/sqlite/client.ts";
import { rawRows } from "../db/raw.ts";
import { hashPassword } from "../auth/password.ts";
import type { Role } from "../auth/roles.ts";
import type { SignUpInput } from "../auth/validation.ts";
import { DomainError } from "../errors.ts";

/** 409 from createUser (accounts made by the seed, scripts and tests; public sign-up never says it: lib/users/sign-up.ts). */
export function emailTaken(email: string): DomainError {
  const message = `An account with ${email} already exists. Sign in instead, or use another email.`;
  return new DomainError(409, message, { fields: { email: message } });
}

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  timeZone: string;
  dayRolloverHour: number;
  /** Bumped at sign-out: tokens issued under an older version are no longer accepted. */
  sessionVersion: number;
}

const PUBLIC_FIELDS = { id: true, email: true, name: true, role: true, timeZone: true, dayRolloverHour: true, sessionVersion: true } as const;

/** An account whose address is taken as confirmed (made by the operator, the seed or a test, not by sign-up). */
export async function createUser(db: Db, input: SignUpInput & { role?: Role }): Promise<PublicUser> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.user.create({
      data: { email: input.email, name: input.name, passwordHash, role: input.role ?? "LEARNER", emailVerifiedAt: new Date() },
      select: PUBLIC_FIELDS,
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw emailTaken(input.email);
    throw err;
  }
}

/** Who a session names: read on every signed-in request, so one prepared statement on PostgreSQL (lib/db/raw.ts). */
export async function findUserById(db: Db, id: string): Promise<PublicUser | null> {
  const [row] = await rawRows<PublicUser>(db, Prisma.sql`
    SELECT "id", "email", "name", "role", "timeZone", "dayRolloverHour", "sessionVersion" FROM "User" WHERE "id" = ${id}`);
  // SQLite's raw integers may come as BigInt.
  return row ? { ...row, dayRolloverHour: Number(row.dayRolloverHour), sessionVersion: Number(row.sessionVersion) } : null;
}

export function findUserWithHashByEmail(db: Db, email: string) {
  return db.user.findUnique({ where: { email }, select: { ...PUBLIC_FIELDS, passwordHash: true, emailVerifiedAt: true } });
}

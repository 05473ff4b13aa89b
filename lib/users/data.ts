// Data access for accounts.
import type { Db } from "../db/client.ts";
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
    if ((err as { code?: string }).code === "P2002") throw emailTaken(input.email);
    throw err;
  }
}

export function findUserById(db: Db, id: string): Promise<PublicUser | null> {
  return db.user.findUnique({ where: { id }, select: PUBLIC_FIELDS });
}

export function findUserWithHashByEmail(db: Db, email: string) {
  return db.user.findUnique({ where: { email }, select: { ...PUBLIC_FIELDS, passwordHash: true, emailVerifiedAt: true } });
}

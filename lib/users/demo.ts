// The demo accounts the seed creates (when asked: demoAccountsWanted). Printed at start and listed in the README.
import type { Role } from "../auth/roles.ts";
import { databaseUrl, providerOf } from "../db/provider.ts";

export interface DemoAccount {
  email: string;
  password: string;
  name: string;
  role: Role;
}

export const DEMO_LEARNER: DemoAccount = {
  email: "learner@proofdeck.test",
  password: "learn-proofdeck-2026",
  name: "Demo Learner",
  role: "LEARNER",
};

export const DEMO_INSTRUCTOR: DemoAccount = {
  email: "instructor@proofdeck.test",
  password: "teach-proofdeck-2026",
  name: "Demo Instructor",
  role: "INSTRUCTOR",
};

export const DEMO_ACCOUNTS = [DEMO_LEARNER, DEMO_INSTRUCTOR] as const;

/**
 * Whether the start creates the demo accounts (their passwords are published): PROOFDECK_DEMO=1 or 0
 * decides; unset, only on the embedded SQLite default, never on PostgreSQL (production).
 */
export function demoAccountsWanted(env: Record<string, string | undefined> = process.env): boolean {
  const flag = env.PROOFDECK_DEMO?.trim();
  if (flag === "1") return true;
  if (flag === "0") return false;
  if (flag) throw new Error(`PROOFDECK_DEMO must be 1 or 0; got "${flag}"`);
  return providerOf(databaseUrl(env)) === "sqlite";
}

/**
 * Owns the chapter-13 deck when there are no demo accounts. Its password hash matches no password
 * (lib/auth/password.ts), so nobody signs in as it.
 */
export const SYSTEM_OWNER = { email: "decks@proofdeck.invalid", name: "Proofdeck", role: "INSTRUCTOR" } as const satisfies Omit<DemoAccount, "password">;

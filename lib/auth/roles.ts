export const ROLES = ["LEARNER", "INSTRUCTOR", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

// Each role can do what the roles before it can.
const RANK: Record<Role, number> = { LEARNER: 0, INSTRUCTOR: 1, ADMIN: 2 };

export function hasRole(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}

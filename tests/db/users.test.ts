import { describe, expect, it } from "vitest";
import { verifyPassword } from "../../lib/auth/password.ts";
import { signUpSchema } from "../../lib/auth/validation.ts";
import { DomainError } from "../../lib/errors.ts";
import { createUser, findUserById } from "../../lib/users/data.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";

const PASSWORD = "correct-horse-battery";

describe.each(testDatabases())("accounts on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "on a fresh database" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);

    it("stores an argon2id hash of the password, never the password, and returns no hash", async () => {
      const input = signUpSchema.parse({ name: "Ada Lovelace", email: "ada@example.com", password: PASSWORD });
      const user = await createUser(h.db, input);
      expect(user).toEqual({ id: expect.any(String), email: "ada@example.com", name: "Ada Lovelace", role: "LEARNER", timeZone: "UTC", dayRolloverHour: 4, sessionVersion: 0 });
      expect(user).not.toHaveProperty("passwordHash");

      const row = await h.db.user.findUniqueOrThrow({ where: { id: user.id } });
      expect(row.passwordHash.startsWith("$argon2id$")).toBe(true);
      expect(row.passwordHash).not.toContain(PASSWORD);
      for (const value of Object.values(row)) expect(value).not.toBe(PASSWORD);
      expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(true);
      expect(await verifyPassword(row.passwordHash, "correct-horse-batterY")).toBe(false);
      expect(await findUserById(h.db, user.id)).toEqual(user);
    });

    it("salts hashes: two accounts with one password get different hashes", async () => {
      const b = await createUser(h.db, signUpSchema.parse({ name: "Babbage", email: "babbage@example.com", password: PASSWORD }));
      const [ha, hb] = await Promise.all(
        ["ada@example.com", b.email].map(async (email) => (await h.db.user.findUniqueOrThrow({ where: { email } })).passwordHash),
      );
      expect(ha).not.toBe(hb);
    });

    it("refuses a second account with the same email (after normalisation), clearly, and stores nothing", async () => {
      const again = signUpSchema.parse({ name: "Impostor", email: "  ADA@Example.com ", password: "another-long-password" });
      const attempt = createUser(h.db, again);
      const message = "An account with ada@example.com already exists. Sign in instead, or use another email.";
      await expect(attempt).rejects.toBeInstanceOf(DomainError);
      await expect(attempt).rejects.toMatchObject({ status: 409, message, details: { fields: { email: message } } });
      expect(await h.db.user.count({ where: { email: "ada@example.com" } })).toBe(1);
      expect((await h.db.user.findUniqueOrThrow({ where: { email: "ada@example.com" } })).name).toBe("Ada Lovelace");
    });

    it("creates an account with the role it is given", async () => {
      const u = await createUser(h.db, { ...signUpSchema.parse({ name: "Teacher", email: "teacher@example.com", password: PASSWORD }), role: "INSTRUCTOR" });
      expect(u.role).toBe("INSTRUCTOR");
      expect((await h.db.user.findUniqueOrThrow({ where: { id: u.id } })).role).toBe("INSTRUCTOR");
    });
  });
});

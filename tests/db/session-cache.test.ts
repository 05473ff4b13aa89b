// The session decoding cache (lib/auth/session.ts) against a real user row: a cached token
// stops being a session the moment its user signs out (sessionVersion raised, as next-auth's
// signOut event does in lib/auth/options.ts).
import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { sessionClaims, userForClaims } from "../../lib/auth/session.ts";
import { testDatabases, useMigratedDb } from "../support/databases.ts";

const SECRET = "session-cache-test-secret-0123456789";

describe.each(testDatabases())("session cache on $label", (target) => {
  describe.skipIf(!target.available)(target.available ? "on a fresh database" : "(set TEST_POSTGRES_URL to run)", () => {
    const h = useMigratedDb(target);

    it("a cached token is no session after its user signs out; other tokens and expired ones as before", async () => {
      process.env.NEXTAUTH_SECRET = SECRET;
      // No password needed here (argon2 would only slow the test).
      const user = await h.db.user.create({ data: { name: "Ada", email: "ada@example.com", passwordHash: "!" } });
      const token = await encode({ token: { uid: user.id, sv: 0 }, secret: SECRET });
      const claims = await sessionClaims(token);
      expect(claims).toMatchObject({ id: user.id, sv: 0 });
      expect(await userForClaims(h.db, claims!)).toMatchObject({ id: user.id, email: user.email });

      await h.db.user.updateMany({ where: { id: user.id }, data: { sessionVersion: { increment: 1 } } });
      expect(await sessionClaims(token)).toEqual(claims); // still cached…
      expect(await userForClaims(h.db, claims!)).toBeNull(); // …but no longer a session

      const signedInAgain = await encode({ token: { uid: user.id, sv: 1 }, secret: SECRET });
      expect(await userForClaims(h.db, (await sessionClaims(signedInAgain))!)).toMatchObject({ id: user.id });

      const expired = await encode({ token: { uid: user.id, sv: 1 }, secret: SECRET, maxAge: -60 });
      expect(await sessionClaims(expired)).toBeNull();
      expect(await sessionClaims(`${signedInAgain.slice(0, -4)}AAAA`)).toBeNull();
      expect(await sessionClaims(await encode({ token: { uid: user.id, sv: 1 }, secret: "another-secret-0123456789" }))).toBeNull();
    });
  });
});

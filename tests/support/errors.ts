import { expect } from "vitest";
import { DomainError } from "../../lib/errors.ts";

/** The rejection of `p`, which must be a DomainError; fails the test if `p` succeeds. */
export async function domainError(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(
    () => {
      throw new Error("expected a DomainError, but the call succeeded");
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

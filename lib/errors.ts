// The one error type of the domain: a refusal the user should see, with the HTTP status
// it stands for and, optionally, details for the client (e.g. the card's current state on
// a 409, or `fields` for messages next to form fields). Domain code throws it; the entry
// point boundary (lib/http/boundary.ts) turns it into a JSON error or an action result.
// Anything else thrown is a bug: the boundary logs it and answers with a generic 500.

export type DomainStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

export class DomainError extends Error {
  constructor(
    readonly status: DomainStatus,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

// Data access for reviewing, one module per operation. Every write is one transaction
// with an optimistic version check on the card state; every answer appends to the
// review log under the client's review id (retries are no-ops).
export * from "./state.ts";
export * from "./session.ts";
export * from "./grade.ts";
export * from "./undo.ts";
export * from "./card-actions.ts";

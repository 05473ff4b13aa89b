/** The error a cancelled run rejects with. */

/** An AbortError like fetch's (the signal's own reason when it is an Error). */
export function abortError(signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const e = new Error("The run was cancelled.");
  e.name = "AbortError";
  return e;
}

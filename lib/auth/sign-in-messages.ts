// Sign-in refusals the sign-in form recognises (shared with the browser: no server imports here).
export const UNCONFIRMED_MESSAGE = "Confirm your address first: open the link we sent you by email.";
export const STALE_LINK_MESSAGE = "This confirmation link has expired or was already used. Ask for a new one below.";
export const BUSY_MESSAGE = "The server is busy. Try again in a few seconds.";

/** Whether the refusal is about an unconfirmed address (the form then offers a new link). */
export const isUnconfirmed = (message: string) => message === UNCONFIRMED_MESSAGE || message === STALE_LINK_MESSAGE;

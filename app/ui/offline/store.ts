// What the device keeps for offline review, in IndexedDB: per learner and deck, today's snapshot from the
// server and the answers made here that the server has not acknowledged yet. Keyed by user id, so one
// learner's page never reads another's (docs/offline.md).
import type { PendingAnswer } from "@/lib/offline/queue.ts";
import type { TodaySnapshot } from "@/lib/reviews/offline.ts";

export interface DeckRecord {
  key: string;
  userId: string;
  deckId: string;
  snapshot: TodaySnapshot | null;
  pending: PendingAnswer[];
}

const DB_NAME = "proofdeck-offline";
const STORE = "decks";

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: "key" });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => {
      opening = null;
      reject(req.error);
    };
  });
  return opening;
}

const done = <T,>(req: IDBRequest<T>) => new Promise<T>((resolve, reject) => {
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error);
});

const keyOf = (userId: string, deckId: string) => `${userId}:${deckId}`;
const empty = (userId: string, deckId: string): DeckRecord => ({ key: keyOf(userId, deckId), userId, deckId, snapshot: null, pending: [] });

export async function loadDeck(userId: string, deckId: string): Promise<DeckRecord> {
  const db = await open();
  const rec = await done(db.transaction(STORE).objectStore(STORE).get(keyOf(userId, deckId)) as IDBRequest<DeckRecord | undefined>);
  return rec ?? empty(userId, deckId);
}

/** Reads, changes and writes one deck's record in one transaction (so an acknowledgement and a new answer cannot overwrite each other). */
export async function updateDeck(userId: string, deckId: string, change: (rec: DeckRecord) => DeckRecord): Promise<DeckRecord> {
  const db = await open();
  const tx = db.transaction(STORE, "readwrite");
  const store = tx.objectStore(STORE);
  const rec = change(((await done(store.get(keyOf(userId, deckId)))) as DeckRecord | undefined) ?? empty(userId, deckId));
  store.put(rec);
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
  return rec;
}

/** This learner's decks with answers still to send. */
export async function decksWithPending(userId: string): Promise<DeckRecord[]> {
  const db = await open();
  const all = (await done(db.transaction(STORE).objectStore(STORE).getAll())) as DeckRecord[];
  return all.filter((r) => r.userId === userId && r.pending.length > 0);
}

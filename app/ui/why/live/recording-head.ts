// What the live panel shows before a run: the rest of the recording (its runs and curves) is loaded
// when the panel comes near the screen or a run starts (why-data.ts), not inlined in the page.
import type { Recording } from "@/experiments/recordings/index.ts";

export interface RecordingHead {
  id: string;
  version: number;
  kind: Recording["config"]["kind"];
  /** Where an author recorded it; null: recorded in Node. */
  browser: string | null;
  wallMs: number;
}

export function recordingHead(r: Recording): RecordingHead {
  return { id: r.id, version: r.version, kind: r.config.kind, browser: r.provenance?.browser ?? null, wallMs: r.wallMs };
}

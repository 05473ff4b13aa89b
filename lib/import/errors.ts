// An import refused as a whole (a damaged or hostile file, or one over a limit): a DomainError, so
// the entry point answers with its status and message.
import { DomainError } from "../errors.ts";

export class ImportError extends DomainError {
  constructor(message: string, status: 413 | 422 = 422) {
    super(status, message);
    this.name = "ImportError";
  }
}

/** 5242880 → "5 MB", 1536 → "2 KB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

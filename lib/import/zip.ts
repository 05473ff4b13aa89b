// Reading an uploaded zip without trusting it: the archive's size, its number of entries and what
// its entries declare they unpack to are checked before anything is unpacked; yauzl then refuses any
// entry whose data unpacks to more (or less) than it declared, so a zip bomb is stopped at the
// declared sizes. Entry names are checked here (yauzl's own check is bypassed to give our
// messages): no "..", no absolute paths, no backslashes, no duplicates. Entries are unpacked on
// demand, into memory.
import yauzl from "yauzl";
import { formatSize, ImportError } from "./errors.ts";

export interface ZipLimits {
  /** Size of the archive itself. */
  maxZipBytes: number;
  maxEntries: number;
  /** What one entry may unpack to. */
  maxEntryBytes: number;
  /** What all entries together may unpack to. */
  maxTotalBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxZipBytes: 100 * 1024 * 1024,
  maxEntries: 20_000,
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
};

export interface ZipArchive {
  /** Entry names (files only), in archive order. */
  readonly names: readonly string[];
  has(name: string): boolean;
  /** Declared unpacked size. */
  size(name: string): number;
  read(name: string): Promise<Uint8Array>;
}

const mb = formatSize;

/** Why an entry name is unsafe to honour, or null. */
export function unsafeEntryName(name: string): string | null {
  if (name.includes("\0")) return "contains a NUL character";
  if (name.includes("\\")) return "contains a backslash";
  if (name.startsWith("/") || /^[a-z]:/i.test(name)) return "is an absolute path";
  if (name.split("/").some((part) => part === "..")) return 'leaves its folder ("..")';
  return null;
}

function open(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) reject(new ImportError(`Not a zip archive, or a damaged one (${err?.message ?? "unreadable"}).`));
      else resolve(zip);
    });
  });
}

function listEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on("entry", (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on("end", () => resolve(entries));
    zip.on("error", (err: Error) => reject(new ImportError(`The zip archive is damaged (${err.message}).`)));
    zip.readEntry();
  });
}

export async function openZip(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipArchive> {
  if (bytes.length > limits.maxZipBytes) throw new ImportError(`The file is larger than ${mb(limits.maxZipBytes)}.`, 413);
  const zip = await open(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if (zip.entryCount > limits.maxEntries) {
    throw new ImportError(`The archive has ${zip.entryCount} entries; at most ${limits.maxEntries} are accepted.`, 413);
  }
  const entries = new Map<string, yauzl.Entry>();
  let total = 0;
  for (const entry of await listEntries(zip)) {
    const raw = entry.fileNameRaw ?? (entry.fileName as unknown as Buffer);
    const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
    const unsafe = unsafeEntryName(name);
    if (unsafe) throw new ImportError(`The archive is refused: the entry "${name.slice(0, 100)}" ${unsafe}.`);
    if (name.endsWith("/")) continue;
    if (entries.has(name)) throw new ImportError(`The archive is refused: the entry "${name.slice(0, 100)}" appears twice.`);
    if (entry.isEncrypted()) throw new ImportError(`The archive is encrypted ("${name.slice(0, 100)}").`);
    if (!entry.canDecodeFileData()) throw new ImportError(`The entry "${name.slice(0, 100)}" uses a compression method that is not supported.`);
    if (entry.uncompressedSize > limits.maxEntryBytes) {
      throw new ImportError(`The entry "${name.slice(0, 100)}" unpacks to ${mb(entry.uncompressedSize)}, more than ${mb(limits.maxEntryBytes)}.`, 413);
    }
    total += entry.uncompressedSize;
    if (total > limits.maxTotalBytes) {
      throw new ImportError(`The archive unpacks to more than ${mb(limits.maxTotalBytes)} (a zip bomb?).`, 413);
    }
    entries.set(name, entry);
  }
  const get = (name: string) => {
    const entry = entries.get(name);
    if (!entry) throw new ImportError(`The archive has no "${name}".`);
    return entry;
  };
  return {
    names: [...entries.keys()],
    has: (name) => entries.has(name),
    size: (name) => get(name).uncompressedSize,
    read: (name) =>
      new Promise<Uint8Array>((resolve, reject) => {
        const entry = get(name);
        const fail = (err: Error) => reject(new ImportError(`The entry "${name.slice(0, 100)}" is damaged (${err.message}).`));
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return fail(err ?? new Error("unreadable"));
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on("data", (chunk: Buffer) => {
            size += chunk.length;
            // yauzl already stops at the declared size; this is a second fence.
            if (size > entry.uncompressedSize) stream.destroy(new Error("more data than declared"));
            else chunks.push(chunk);
          });
          stream.on("error", fail);
          stream.on("end", () => {
            const out = Buffer.concat(chunks, size);
            resolve(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
          });
        });
      }),
  };
}

"use client";
// Choosing a file to import into the deck: a CSV/TSV is previewed first (delimiter, header, first
// rows, refused rows and why), then imported; an .apkg or a Proofdeck .json is imported at once.
// Uploads go through XMLHttpRequest so the upload shows its progress; once sent, "Importing…"
// until the server answers with its report (created, updated, unchanged, skipped and why).
import { useRef, useState } from "react";

type Kind = "csv" | "apkg" | "json";

interface Skip {
  item: string;
  reason: string;
}

interface ImportReport {
  deckId: string;
  created: number;
  updated: number;
  unchanged: number;
  cards: number;
  media: number;
  skipped: Skip[];
}

interface CsvPreview {
  delimiter: string;
  header: string[] | null;
  preview: string[][];
  accepted: number;
  rejected: Array<{ row: number; reason: string }>;
  rows: number;
  notices: string[];
}

type Phase =
  | { name: "idle" }
  | { name: "uploading"; loaded: number; total: number; what: string }
  | { name: "working"; what: string }
  | { name: "preview"; preview: CsvPreview }
  | { name: "done"; report: ImportReport }
  | { name: "failed"; error: string; details: string[] };

const DELIMITER_NAME: Record<string, string> = { ",": "comma", "\t": "tab", ";": "semicolon" };

function kindOf(file: File): Kind | null {
  const name = file.name.toLowerCase();
  if (/\.(csv|tsv|txt)$/.test(name)) return "csv";
  if (name.endsWith(".apkg")) return "apkg";
  if (name.endsWith(".json")) return "json";
  return null;
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** POSTs a file as multipart/form-data, reporting upload progress; resolves to the status and JSON. */
function upload(url: string, file: File, onProgress: (loaded: number, total: number) => void, onSent: () => void): Promise<{ status: number; data: Record<string, unknown> }> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.upload.onload = () => onSent();
    xhr.onload = () => {
      let data: Record<string, unknown> = {};
      try {
        data = JSON.parse(xhr.responseText) as Record<string, unknown>;
      } catch {
        // not JSON: the status says enough
      }
      resolve({ status: xhr.status, data });
    };
    xhr.onerror = () => resolve({ status: 0, data: { error: "Cannot reach Proofdeck. Check your connection and try again." } });
    const form = new FormData();
    form.append("file", file);
    xhr.send(form);
  });
}

export function ImportPanel({ deckId, limits }: { deckId: string; limits: Record<Kind, number> }) {
  const [file, setFile] = useState<File | null>(null);
  const [noteType, setNoteType] = useState("BASIC");
  const [asNewDeck, setAsNewDeck] = useState(false);
  const [phase, setPhase] = useState<Phase>({ name: "idle" });
  const input = useRef<HTMLInputElement>(null);
  const kind = file ? kindOf(file) : null;
  const busy = phase.name === "uploading" || phase.name === "working";

  async function send(url: string, what: string): Promise<Record<string, unknown> | null> {
    if (!file) return null;
    setPhase({ name: "uploading", loaded: 0, total: file.size, what });
    const { status, data } = await upload(
      url,
      file,
      (loaded, total) => setPhase({ name: "uploading", loaded, total, what }),
      () => setPhase({ name: "working", what }),
    );
    if (status === 401) {
      window.location.assign(`/signin?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
      return null;
    }
    if (status < 200 || status >= 300) {
      const details = [
        ...((data.errors as string[] | undefined) ?? []),
        ...((data.skipped as Skip[] | undefined) ?? []).map((s) => `${s.item}: ${s.reason}`),
      ];
      setPhase({ name: "failed", error: String(data.error ?? `The import failed (${status}).`), details });
      return null;
    }
    return data;
  }

  const csvUrl = (preview: boolean) => `/api/decks/${deckId}/import/csv?type=${noteType}${preview ? "&preview=1" : ""}`;

  async function previewCsv() {
    const data = await send(csvUrl(true), "Reading");
    if (data) setPhase({ name: "preview", preview: data as unknown as CsvPreview });
  }

  async function runImport() {
    if (!kind) return;
    const url =
      kind === "csv" ? csvUrl(false) : kind === "apkg" ? `/api/decks/${deckId}/import/apkg` : `/api/decks/import/json${asNewDeck ? "" : `?into=${deckId}`}`;
    const data = await send(url, "Importing");
    if (data) setPhase({ name: "done", report: data as unknown as ImportReport });
  }

  function choose(f: File | null) {
    setFile(f);
    setPhase({ name: "idle" });
    if (f && kindOf(f) && f.size > limits[kindOf(f)!]) {
      setPhase({ name: "failed", error: `The file is larger than ${formatSize(limits[kindOf(f)!])}.`, details: [] });
    }
  }

  const tooLarge = file !== null && kind !== null && file.size > limits[kind];

  return (
    <div className="import-form form">
      <div className="import-row">
        <label>
          File
          <input
            ref={input}
            type="file"
            name="file"
            accept=".csv,.tsv,.txt,.apkg,.json,text/csv,text/tab-separated-values,application/json"
            disabled={busy}
            onChange={(e) => choose(e.target.files?.[0] ?? null)}
          />
        </label>
        {kind === "csv" && (
          <label>
            Note type
            <select value={noteType} disabled={busy} onChange={(e) => { setNoteType(e.target.value); setPhase({ name: "idle" }); }}>
              <option value="BASIC">Basic</option>
              <option value="REVERSED">Basic and reversed</option>
              <option value="CLOZE">Cloze</option>
            </select>
          </label>
        )}
        {kind === "json" && (
          <label className="import-check">
            <input type="checkbox" checked={asNewDeck} disabled={busy} onChange={(e) => setAsNewDeck(e.target.checked)} />
            As a new deck instead of into this one
          </label>
        )}
      </div>
      {file && !kind && <p className="form-error" role="alert">Choose a .csv, .tsv, .apkg or .json file.</p>}

      <div className="actions">
        {kind === "csv" && phase.name !== "preview" && (
          <button type="button" className="button" disabled={busy || tooLarge} onClick={previewCsv}>
            Preview
          </button>
        )}
        {kind === "csv" && phase.name === "preview" && (
          <button type="button" className="button" disabled={phase.preview.accepted === 0} onClick={runImport}>
            Import {phase.preview.accepted} note{phase.preview.accepted === 1 ? "" : "s"}
          </button>
        )}
        {(kind === "apkg" || kind === "json") && phase.name !== "done" && (
          <button type="button" className="button" disabled={busy || tooLarge} onClick={runImport}>
            Import
          </button>
        )}
      </div>

      {phase.name === "uploading" && (
        <div className="import-progress" role="status">
          <span>
            {phase.what}: uploading {formatSize(phase.loaded)} of {formatSize(phase.total)}
          </span>
          <progress max={phase.total || 1} value={phase.loaded} />
        </div>
      )}
      {phase.name === "working" && (
        <div className="import-progress" role="status">
          <span>{phase.what === "Importing" ? "Importing…" : "Reading the file…"}</span>
          <progress />
        </div>
      )}
      {phase.name === "failed" && (
        <div className="form-error" role="alert">
          <p>{phase.error}</p>
          {phase.details.length > 0 && (
            <ul>
              {phase.details.map((d, i) => (
                <li key={i}>{d}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {phase.name === "preview" && <Preview preview={phase.preview} />}
      {phase.name === "done" && <Report report={phase.report} deckId={deckId} />}
    </div>
  );
}

function Preview({ preview }: { preview: CsvPreview }) {
  const width = Math.max(preview.header?.length ?? 0, ...preview.preview.map((r) => r.length));
  return (
    <section className="import-preview" aria-label="Preview">
      <p>
        {preview.rows} row{preview.rows === 1 ? "" : "s"}, separated by {DELIMITER_NAME[preview.delimiter] ?? preview.delimiter}
        {preview.header ? `, with a header row (${preview.header.join(", ")})` : ", no header row (columns: front, back, tags)"}:{" "}
        <strong>{preview.accepted} can be imported</strong>
        {preview.rejected.length > 0 && `, ${preview.rejected.length} will be skipped`}.
      </p>
      <div className="table-wrap">
        <table>
          {preview.header && (
            <thead>
              <tr>
                {preview.header.map((h, i) => (
                  <th key={i}>{h}</th>
                ))}
              </tr>
            </thead>
          )}
          <tbody>
            {preview.preview.map((row, i) => (
              <tr key={i}>
                {Array.from({ length: width }, (_, j) => (
                  <td key={j}>{row[j] ?? ""}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {preview.rejected.length > 0 && <SkipList title="Rows that will be skipped" items={preview.rejected.map((r) => ({ item: `row ${r.row}`, reason: r.reason }))} />}
      {preview.notices.length > 0 && (
        <ul className="muted">
          {preview.notices.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SkipList({ title, items }: { title: string; items: Skip[] }) {
  return (
    <div className="import-skipped">
      <h3>{title}</h3>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>What</th>
              <th>Why</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s, i) => (
              <tr key={i}>
                <td>{s.item}</td>
                <td>{s.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Report({ report, deckId }: { report: ImportReport; deckId: string }) {
  return (
    <section className="import-report" aria-label="Import report" role="status">
      <h3>Imported</h3>
      <dl>
        <dt>New notes</dt>
        <dd>{report.created}</dd>
        <dt>Updated</dt>
        <dd>{report.updated}</dd>
        <dt>Unchanged</dt>
        <dd>{report.unchanged}</dd>
        <dt>Cards made</dt>
        <dd>{report.cards}</dd>
        <dt>Images</dt>
        <dd>{report.media}</dd>
        <dt>Skipped</dt>
        <dd>{report.skipped.length}</dd>
      </dl>
      {report.skipped.length > 0 && <SkipList title="Skipped" items={report.skipped} />}
      <p>
        <a className="button button-secondary" href={`/decks/${report.deckId}`}>
          {report.deckId === deckId ? "Back to the deck" : "Open the new deck"}
        </a>
      </p>
    </section>
  );
}

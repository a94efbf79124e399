/**
 * manifest.json of a backup folder, kept as a journal: rewritten atomically (temporary file,
 * then rename) as packages complete, so a run stopped by Ctrl-C or kill -9 leaves a manifest
 * that lists only files that are complete on disk. Rewrites start at most every
 * {@link JOURNAL_INTERVAL_MS}, or 20 times the last rewrite's duration when that is longer:
 * rewriting a manifest of 1,000 entries after each of 1,000 packages would cost more CPU than the
 * downloads, and a rewrite's cost grows with the manifest, so rewrites take at most about 5% of
 * the run. A kill loses at most that much of the journal, and the rerun downloads those packages
 * again.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { UsageError } from "../../errors.js";
import { writeFileAtomic } from "../../files.js";

/** One file recorded in manifest.json. */
export interface ManifestEntry {
  path: string;
  size: number;
  sha256: string;
  appId?: string;
  name?: string;
  filename?: string;
  /** The server's published version when the package was downloaded. */
  publishedVersionId?: string | null;
  /** The server's upload date when the package was downloaded. */
  uploadDate?: string | null;
}

/** manifest.json of a backup directory. */
export interface Manifest {
  /** The Gallery the backup is of (its URL, or "demo Gallery"). */
  gallery: string;
  createdAt: string;
  updatedAt: string;
  files: ManifestEntry[];
}

/** The manifest of `dir`, or undefined when there is none. */
export async function readManifest(dir: string): Promise<Manifest | undefined> {
  const path = join(dir, "manifest.json");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    const manifest = JSON.parse(text) as Manifest;
    if (typeof manifest.gallery !== "string" || !Array.isArray(manifest.files))
      throw new Error("no gallery or files");
    return manifest;
  } catch {
    throw new UsageError(
      `${path} is not a backup manifest; use another --out, or move the file away`,
    );
  }
}

/** The shortest time between the starts of two manifest rewrites (except the last one). */
export const JOURNAL_INTERVAL_MS = 1000;

/** The time between two rewrites is at least this many times the last rewrite's duration. */
const JOURNAL_COST_FACTOR = 20;

/** The entries of a backup's manifest, written to disk after every change. */
export class Journal {
  readonly #path: string;
  readonly #header: Omit<Manifest, "files" | "updatedAt">;
  readonly #entries: Map<string, ManifestEntry>;
  /** The write in flight; changes made meanwhile are written by one more write after it. */
  #writing: Promise<void> | undefined;
  #dirty = false;
  /** Set by flush(): the last rewrite does not wait for the interval. */
  #flushing = false;
  #failure: unknown;

  constructor(dir: string, gallery: string, previous: Manifest | undefined) {
    this.#path = join(dir, "manifest.json");
    this.#header = { gallery, createdAt: previous?.createdAt ?? new Date().toISOString() };
    this.#entries = new Map((previous?.files ?? []).map((entry) => [entry.path, entry]));
  }

  /** The entry of a file, if the manifest has one. */
  get(path: string): ManifestEntry | undefined {
    return this.#entries.get(path);
  }

  /** Records a complete file and writes the manifest (after the write in flight, if any). */
  set(entry: ManifestEntry): void {
    if (this.#failure !== undefined) throw this.#failure;
    this.#entries.set(entry.path, entry);
    this.#dirty = true;
    this.#writing ??= this.#writeWhileDirty();
  }

  /** Waits until every recorded entry is on disk. */
  async flush(): Promise<void> {
    this.#dirty = true;
    this.#flushing = true;
    this.#interrupt?.();
    this.#writing ??= this.#writeWhileDirty();
    await this.#writing;
    this.#flushing = false;
    if (this.#failure !== undefined) throw this.#failure;
  }

  /** Ends the wait between two rewrites early (flush). */
  #interrupt: (() => void) | undefined;

  /** Waits until `ms` after `since`, unless flush() asks for the last rewrite now. */
  #pause(since: number, lastMs: number): Promise<void> {
    const interval = Math.max(JOURNAL_INTERVAL_MS, JOURNAL_COST_FACTOR * lastMs);
    const left = interval - (performance.now() - since);
    if (left <= 0 || this.#flushing) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, left);
      this.#interrupt = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      this.#interrupt = undefined;
    });
  }

  async #writeWhileDirty(): Promise<void> {
    try {
      let started = Number.NEGATIVE_INFINITY;
      let lastMs = 0;
      while (this.#dirty) {
        await this.#pause(started, lastMs);
        started = performance.now();
        this.#dirty = false;
        const manifest: Manifest = {
          ...this.#header,
          updatedAt: new Date().toISOString(),
          // Code-unit order: stable across machines and locales.
          files: [...this.#entries.values()].sort((a, b) =>
            a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
          ),
        };
        await writeFileAtomic(this.#path, `${JSON.stringify(manifest, null, 2)}\n`);
        lastMs = performance.now() - started;
      }
    } catch (error) {
      this.#failure = error;
    } finally {
      this.#writing = undefined;
    }
  }
}

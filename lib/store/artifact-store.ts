import type { ScanArtifact } from "@/agents/types";

export interface ArtifactBody {
  body: ReadableStream<Uint8Array> | Uint8Array;
  bytes: number;
}

/** Where finished scans' files live. Scans always write to local disk first (workDir). */
export interface ArtifactStore {
  readonly kind: "disk" | "supabase";
  /** The folder the engine writes a scan's files into. */
  workDir(scanId: string): string;
  /** Makes the files listed durable (uploads them, for remote stores). */
  publish(scanId: string, artifacts: ScanArtifact[]): Promise<void>;
  /** `file` must already be checked against the scan's artefact list. */
  read(scanId: string, file: string): Promise<ArtifactBody | null>;
  remove(scanId: string): Promise<void>;
  /**
   * A URL that serves the file for `seconds` without any other credential (remote stores only).
   * `file` must already be checked against the scan's artefact list, and the caller must have
   * checked who may read the scan: the URL itself checks nothing. Null: no such object.
   */
  signedUrl?(scanId: string, file: string, seconds: number): Promise<string | null>;
}

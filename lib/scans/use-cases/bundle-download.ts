import "server-only";
import { ApiError, notFound } from "@/lib/api/errors";
import { zipStream } from "@/lib/evidence/zip-stream";
import type { ScanRecord } from "@/lib/store/types";
import type { ArtifactFile } from "./read-artifact";
import { getScanService } from "../queue/service";

export const BUNDLE_FILE = "bundle.zip";

/**
 * Every artefact of a finished scan in one zip, manifest.json and manifest.sig included, for
 * `apo verify`. Files keep their artefact paths (screenshots/…). 425 while the scan runs.
 */
export async function bundleDownload(scan: ScanRecord): Promise<ArtifactFile> {
  if (scan.status === "queued" || scan.status === "running") throw new ApiError("too_early", `Scan is ${scan.status}; its bundle is not ready yet`);
  if (scan.artifacts.length === 0) throw notFound("Bundle");
  const { artifacts } = await getScanService();
  const entries = scan.artifacts.map((a) => ({
    path: a.file,
    async open() {
      const found = await artifacts.read(scan.id, a.file);
      if (!found) throw new Error(`artefact ${a.file} of scan ${scan.id} is missing from the store`);
      return found.body;
    },
  }));
  return { body: zipStream(entries), bytes: null, contentType: "application/zip", file: `apo-${scan.id}-bundle.zip` };
}

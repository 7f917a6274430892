import { describe, expect, it } from "vitest";
import { mapLimit, objectsUnder, type ListedEntry } from "@/lib/store/storage-walk";
import { signedDownloadSeconds } from "@/lib/scans/use-cases/signed-download";

/** A listing over a flat set of object names, one folder level per call, in pages. */
function lister(names: string[], pageSize: number) {
  const calls: string[] = [];
  const listPage = async (folder: string, offset: number): Promise<ListedEntry[]> => {
    calls.push(`${folder}@${offset}`);
    const level = new Map<string, ListedEntry>();
    for (const n of names.filter((x) => x.startsWith(`${folder}/`))) {
      const rest = n.slice(folder.length + 1);
      const head = rest.split("/")[0]!;
      level.set(head, { name: head, id: rest.includes("/") ? null : `id-${n}` });
    }
    return [...level.values()].sort((a, b) => a.name.localeCompare(b.name)).slice(offset, offset + pageSize);
  };
  return { listPage, calls };
}

describe("objectsUnder", () => {
  it("walks every folder at any depth, page by page, and nothing outside the scan", async () => {
    const names = ["s/a.json", "s/screenshots/1.png", "s/screenshots/2.png", "s/screenshots/3.png", "s/x/y/z.txt", "other/a.json"];
    const { listPage, calls } = lister(names, 2);
    expect((await objectsUnder("s", listPage, 2)).sort()).toEqual(names.filter((n) => n.startsWith("s/")).sort());
    expect(calls).toEqual(["s@0", "s@2", "s/screenshots@0", "s/screenshots@2", "s/x@0", "s/x/y@0"]);
  });

  it("reads a further page only after a full one", async () => {
    const { listPage, calls } = lister(["s/a", "s/b"], 2);
    await objectsUnder("s/", listPage, 3);
    expect(calls).toEqual(["s@0"]);
  });
});

describe("mapLimit", () => {
  it("never runs more than the limit at once and runs every item", async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await mapLimit([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      done.push(n);
      running--;
    });
    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("rejects with a failure", async () => {
    await expect(mapLimit([1, 2], 2, async (n) => { if (n === 2) throw new Error("upload of 2 failed"); })).rejects.toThrow("upload of 2 failed");
  });
});

describe("signedDownloadSeconds", () => {
  it("signs HAR and PDF for the configured time, serves the rest itself, and 0 turns signing off", () => {
    expect(signedDownloadSeconds("network.har", 300)).toBe(300);
    expect(signedDownloadSeconds("evidence_report.PDF", 120)).toBe(120);
    expect(signedDownloadSeconds("evidence_report.html", 300)).toBeNull();
    expect(signedDownloadSeconds("screenshots/home.png", 300)).toBeNull();
    expect(signedDownloadSeconds("evidence_report.json", 300)).toBeNull();
    expect(signedDownloadSeconds("network.har", 0)).toBeNull();
  });
});

/** One entry of a Storage folder listing: a file has an id, a sub-folder has none. */
export interface ListedEntry {
  name: string;
  id: string | null;
}

/** One page (at most `pageSize` entries from `offset`) of the folder's direct entries. */
export type ListPage = (folder: string, offset: number) => Promise<ListedEntry[]>;

/**
 * Every object name under a folder, at any depth. Storage lists one level at a time, in pages;
 * a short page is the last one. Names are collected before anything is deleted, so deleting
 * never shifts the offsets of pages still to read.
 */
export async function objectsUnder(folder: string, listPage: ListPage, pageSize: number): Promise<string[]> {
  const found: string[] = [];
  const folders = [folder.replace(/\/+$/, "")];
  for (let current = folders.shift(); current !== undefined; current = folders.shift()) {
    for (let offset = 0; ; offset += pageSize) {
      const page = await listPage(current, offset);
      for (const entry of page) {
        const path = `${current}/${entry.name}`;
        if (entry.id) found.push(path);
        else folders.push(path);
      }
      if (page.length < pageSize) break;
    }
  }
  return found;
}

/** Runs fn over items with at most `limit` at a time; rejects with the first failure. */
export async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
}

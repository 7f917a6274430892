import { Zip, ZipDeflate, ZipPassThrough } from "fflate";

export interface ZipEntrySource {
  path: string;
  /** Opened only when its turn comes, so one file at a time is in memory. */
  open(): Promise<ReadableStream<Uint8Array> | Uint8Array>;
}

// PNG and PDF are compressed already; deflating them again costs CPU for nothing.
const STORED = /\.(png|jpe?g|pdf|zip)$/i;

/** A zip of the entries, produced as the client reads it (pull: the next file opens when the last is sent). */
export function zipStream(entries: ZipEntrySource[], mtime: Date = new Date()): ReadableStream<Uint8Array> {
  let pending: Uint8Array[] = [];
  let done = false;
  const zip = new Zip((err, chunk, final) => {
    if (err) throw err;
    pending.push(chunk);
    if (final) done = true;
  });
  let next = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (pending.length === 0 && !done) {
        const entry = entries[next++];
        if (!entry) {
          zip.end();
          break;
        }
        const file = STORED.test(entry.path) ? new ZipPassThrough(entry.path) : new ZipDeflate(entry.path, { level: 6 });
        file.mtime = mtime;
        zip.add(file);
        const body = await entry.open();
        if (body instanceof Uint8Array) file.push(body, true);
        else {
          for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) file.push(chunk);
          file.push(new Uint8Array(0), true);
        }
      }
      for (const chunk of pending) controller.enqueue(chunk);
      pending = [];
      if (done) controller.close();
    },
  });
}

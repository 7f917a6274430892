import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

// A throwaway PostgreSQL 15 cluster for tests: initdb into a temp folder, start on a free
// loopback port, stop and delete afterwards. As root, initdb refuses to run, so the cluster is
// owned by and run as the `postgres` user. Missing binaries are a failure, not a skip: CI
// installs them and a silently skipped adapter test proves nothing.

const BIN = process.env.APO_PG_BIN ?? "/usr/lib/postgresql/15/bin";

export interface TestPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === "object" ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

function run(cmd: string, args: string[], asPostgres: boolean): void {
  const full = asPostgres ? ["-u", "postgres", "--", cmd, ...args] : args;
  const res = spawnSync(asPostgres ? "runuser" : cmd, full, { encoding: "utf8" });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${res.status}): ${res.stderr || res.stdout}`);
}

export async function startPostgres(): Promise<TestPostgres> {
  if (!existsSync(join(BIN, "initdb")) || !existsSync(join(BIN, "pg_ctl"))) {
    throw new Error(
      `PostgreSQL 15 binaries not found in ${BIN}. Install them (apt-get install -y postgresql-15) or set APO_PG_BIN; the Postgres adapter tests need a real server.`,
    );
  }
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "apo-pg-"));
  const data = join(dir, "data");
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  run(join(BIN, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], asRoot);
  run(
    join(BIN, "pg_ctl"),
    ["-D", data, "-l", join(dir, "log"), "-w", "-t", "30", "-o", `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"],
    asRoot,
  );
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      try {
        run(join(BIN, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asRoot);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

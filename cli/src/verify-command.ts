import { verifyCommand } from "@/lib/evidence/verify-command";
import type { ExitCode } from "./exit-code";
import type { CommandIo } from "./scan-command";

/** `apo verify <bundle | folder>`: the evidence bundle's signature and hashes (lib/evidence/verify-command.ts). */
export async function verifyBundleCommand(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const code = await verifyCommand([...argv], { out: (line) => io.stdout.write(`${line}\n`), err: (line) => io.stderr.write(`${line}\n`) });
  return code as ExitCode;
}

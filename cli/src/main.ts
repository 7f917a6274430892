import { EXIT, type ExitCode } from "./exit-code";
import { MAIN_HELP } from "./options";
import { scanCommand, type CommandIo } from "./scan-command";
import { verifyBundleCommand } from "./verify-command";
import { CLI_VERSION } from "./version";


type Command = (argv: readonly string[], io: CommandIo) => Promise<ExitCode>;

/**
 * Every `apo` subcommand by name. A new command is one module exporting a Command and one line
 * here; its help line goes into MAIN_HELP (cli/src/options.ts).
 */
export const COMMANDS: Record<string, Command> = {
  scan: scanCommand,
  verify: verifyBundleCommand,
};

export async function main(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || (name === "help" && rest.length === 0)) {
    io.stdout.write(`${MAIN_HELP}\n`);
    return EXIT.clean;
  }
  if (name === "--version") {
    io.stdout.write(`${CLI_VERSION}\n`);
    return EXIT.clean;
  }
  if (name === "help") return main([rest[0] ?? "", "--help"], io);
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`apo: unknown command "${name}"\n\n${MAIN_HELP}\n`);
    return EXIT.failed;
  }
  return command(rest, io);
}

/**
 * The `apo` command: `npm run apo -- scan <url> …` from a checkout (tsx), `apo …` once installed
 * (scripts/build-cli.mjs bundles this file into cli/dist/apo.mjs). Help: `apo --help`.
 */
import { main } from "./src/main";

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    // Exit once stdout has drained: a large JSON report piped to another program must arrive whole.
    process.stdout.write("", () => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(`apo: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);

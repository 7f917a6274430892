import { verifyCommand } from "@/lib/evidence/verify-command";

// npm run verify -- <bundle.zip> [--public-key FILE]: `apo verify` from a checkout.
verifyCommand(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`apo verify: ${(error as Error).message}\n`);
    process.exit(2);
  },
);

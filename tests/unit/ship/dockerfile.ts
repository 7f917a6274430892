import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// A small Dockerfile reader for the ship tests: enough of the syntax that this project's
// Dockerfile uses (continuations, comments, ARG defaults, exec-form JSON, ENV key=value).

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  from: string;
  /** `from` with ${ARG} defaults substituted. */
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

export interface Dockerfile {
  globalArgs: Record<string, string>;
  stages: Stage[];
}

export function readDockerfile(path = join(repoRoot, "Dockerfile")): Dockerfile {
  return parseDockerfile(readFileSync(path, "utf8"));
}

export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  let buffer = "";
  let start = 0;
  text.split("\n").forEach((raw, index) => {
    const line = raw.trimEnd();
    if (buffer === "" && (line.trim() === "" || line.trimStart().startsWith("#"))) return;
    if (buffer !== "" && line.trimStart().startsWith("#")) return; // comment inside a continuation
    if (buffer === "") start = index + 1;
    if (line.endsWith("\\")) {
      buffer += `${line.slice(0, -1)} `;
      return;
    }
    buffer += line;
    const match = /^\s*(\w+)\s+([\s\S]*)$/.exec(buffer);
    if (match?.[1] && match[2] !== undefined) instructions.push({ keyword: match[1].toUpperCase(), args: match[2].trim(), line: start });
    buffer = "";
  });

  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === "FROM") {
      const [from = "", as, name] = ins.args.split(/\s+/);
      const image = from.replace(/\$\{?(\w+)\}?/g, (_, arg: string) => globalArgs[arg] ?? "");
      stages.push({ from, image, name: as?.toUpperCase() === "AS" ? name : undefined, instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) {
      if (ins.keyword === "ARG") {
        const [key = "", value = ""] = splitKeyValue(ins.args);
        globalArgs[key] = value;
      }
      continue;
    }
    stage.instructions.push(ins);
  }
  return { globalArgs, stages };
}

function splitKeyValue(text: string): [string, string] {
  const eq = text.indexOf("=");
  if (eq < 0) return [text.trim(), ""];
  return [text.slice(0, eq).trim(), unquote(text.slice(eq + 1).trim())];
}

function unquote(value: string): string {
  return /^".*"$|^'.*'$/.test(value) ? value.slice(1, -1) : value;
}

/** All arguments of one keyword in a stage, in order. */
export function argsOf(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}

/** ENV of a stage (both `ENV a=b c=d` and the legacy `ENV a b`). */
export function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const args of argsOf(stage, "ENV")) {
    if (!args.includes("=")) {
      const [key = "", ...rest] = args.split(/\s+/);
      env[key] = rest.join(" ");
      continue;
    }
    for (const token of args.match(/[^\s=]+=("[^"]*"|'[^']*'|\S*)/g) ?? []) {
      const [key, value] = splitKeyValue(token);
      env[key] = value;
    }
  }
  return env;
}

/** An exec-form instruction (`CMD ["node", "server.js"]`) as its argv; undefined for shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.trimStart().startsWith("[")) return undefined;
  const parsed: unknown = JSON.parse(args);
  return Array.isArray(parsed) && parsed.every((a) => typeof a === "string") ? parsed : undefined;
}

/** The last stage: what `docker build` produces without --target. */
export function runtimeStage(file: Dockerfile): Stage {
  const stage = file.stages.at(-1);
  if (!stage) throw new Error("Dockerfile has no FROM");
  return stage;
}

/** What the container runs: ENTRYPOINT + CMD argv, the working directory and the image's ENV. */
export function containerCommand(file: Dockerfile): { argv: string[]; workdir: string; env: Record<string, string> } {
  const stage = runtimeStage(file);
  const entry = argsOf(stage, "ENTRYPOINT").at(-1);
  const cmd = argsOf(stage, "CMD").at(-1);
  const entryArgv = entry ? execForm(entry) : [];
  const cmdArgv = cmd ? execForm(cmd) : undefined;
  if (!entryArgv || !cmdArgv) throw new Error("ENTRYPOINT and CMD must be in exec form");
  return { argv: [...entryArgv, ...cmdArgv], workdir: argsOf(stage, "WORKDIR").at(-1) ?? "/", env: envOf(stage) };
}

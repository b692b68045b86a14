import { readFileSync } from 'node:fs';
import { dockerfilePath } from './paths';

/** One instruction of a Dockerfile, continuation lines joined. */
export interface Instruction {
  /** Upper-case keyword: FROM, RUN, COPY, ENV, ... */
  keyword: string;
  /** `--name=value` flags before the arguments (e.g. COPY --from=build, RUN --mount=...). */
  flags: Record<string, string[]>;
  /** The arguments after the flags, as written. */
  text: string;
  /** The exec-form arguments when `text` is a JSON array, else undefined. */
  exec?: string[];
  line: number;
}

export interface Stage {
  /** The `AS` name, or the stage's index as a string. */
  name: string;
  /** The base image or stage, ARGs substituted. */
  from: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  args: Record<string, string>;
  stages: Stage[];
  stage(name: string): Stage;
}

/** Joins continuation lines and drops comments, keeping each instruction's first line number. */
function logicalLines(source: string): { text: string; line: number }[] {
  const result: { text: string; line: number }[] = [];
  let current: { text: string; line: number } | undefined;
  source.split('\n').forEach((raw, index) => {
    const trimmed = raw.trim();
    if (!current && (trimmed === '' || trimmed.startsWith('#'))) return;
    // A comment line inside a continued instruction is dropped, as Docker does.
    if (current && trimmed.startsWith('#')) return;
    const continued = /\\\s*$/.test(raw);
    const part = continued ? raw.replace(/\\\s*$/, '') : raw;
    if (current) {
      current.text += ` ${part.trim()}`;
    } else {
      current = { text: part.trim(), line: index + 1 };
    }
    if (!continued) {
      result.push(current);
      current = undefined;
    }
  });
  if (current) result.push(current);
  return result;
}

function parseInstruction(text: string, line: number): Instruction {
  const match = /^(\S+)\s*(.*)$/.exec(text)!;
  const keyword = match[1].toUpperCase();
  let rest = match[2];
  const flags: Record<string, string[]> = {};
  for (;;) {
    const flag = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest);
    if (!flag) break;
    (flags[flag[1]] ??= []).push(flag[2] ?? 'true');
    rest = rest.slice(flag[0].length);
  }
  let exec: string[] | undefined;
  if (rest.startsWith('[')) {
    try {
      const parsed = JSON.parse(rest);
      if (Array.isArray(parsed) && parsed.every(p => typeof p === 'string'))
        exec = parsed;
    } catch {
      // shell form that happens to start with '['
    }
  }
  return { keyword, flags, text: rest, exec, line };
}

/** Parses a Dockerfile (the subset this project uses: no heredocs, no escape directive). */
export function parseDockerfile(source: string): Dockerfile {
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const { text, line } of logicalLines(source)) {
    const instruction = parseInstruction(text, line);
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.text.split(/\s+/);
      const from = image.replace(/\$\{?(\w+)\}?/g, (_, arg) => args[arg] ?? '');
      stages.push({
        name: as?.toUpperCase() === 'AS' ? name : String(stages.length),
        from,
        instructions: [],
      });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') {
        const [name, value = ''] = instruction.text.split('=');
        args[name.trim()] = value.trim();
      }
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return {
    args,
    stages,
    stage(name: string) {
      const found = stages.find(s => s.name === name);
      if (!found) throw new Error(`the Dockerfile has no stage "${name}"`);
      return found;
    },
  };
}

/** The repository's Dockerfile, parsed. */
export function readDockerfile(): Dockerfile {
  return parseDockerfile(readFileSync(dockerfilePath, 'utf8'));
}

/** ENV instructions' pairs (`ENV A=b C=d` and the legacy `ENV A b`). */
export function envOf(instruction: Instruction): Record<string, string> {
  const env: Record<string, string> = {};
  const text = instruction.text.trim();
  if (!text.includes('=') || (/^\S+\s/.test(text) && !/^\S+=/.test(text))) {
    const [name, ...value] = text.split(/\s+/);
    env[name] = value.join(' ');
    return env;
  }
  for (const match of text.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    env[match[1]] = match[2].startsWith('"') ? JSON.parse(match[2]) : match[2];
  }
  return env;
}

/** COPY's sources and destination (shell or JSON form). */
export function copyArgs(instruction: Instruction): {
  sources: string[];
  dest: string;
} {
  const parts =
    instruction.exec ?? instruction.text.split(/\s+/).filter(Boolean);
  if (parts.length < 2)
    throw new Error(
      `line ${instruction.line}: COPY needs a source and a destination`,
    );
  return { sources: parts.slice(0, -1), dest: parts[parts.length - 1] };
}

import { parseArgs } from "node:util";

// The command-line tools' arguments, parsed by node:util parseArgs in strict mode: every
// tool prints --help, and an unknown flag or a flag missing its value stops it with a
// message naming the flag and exit code 2 (as a usage error always did), before anything
// is opened.

export interface CliOption {
  type: "string" | "boolean";
  /** What the option does, one line, for --help. */
  description: string;
  /** The value's placeholder in --help, for string options ("<slug>"). */
  value?: string;
  short?: string;
}

export interface CliSpec<O extends Record<string, CliOption>> {
  /** The npm script, as the messages name it ("retention"). */
  name: string;
  /** The usage line(s), without the leading "usage: ". */
  usage: string[];
  /** What the tool does, a few lines for --help. */
  summary: string;
  options: O;
  /** Words after the flags (a command, files); refused when false. */
  positionals?: boolean;
}

export type CliValues<O extends Record<string, CliOption>> = { [K in keyof O]?: O[K]["type"] extends "boolean" ? boolean : string };

export type CliParse<O extends Record<string, CliOption>> =
  { kind: "run"; values: CliValues<O>; positionals: string[] } | { kind: "help"; text: string } | { kind: "usage-error"; text: string };

const helpOption: CliOption = { type: "boolean", short: "h", description: "show this help" };

function usageLines(spec: CliSpec<Record<string, CliOption>>): string {
  return spec.usage.map((line, index) => `${index === 0 ? "usage: " : "       "}${line}`).join("\n");
}

function helpText(spec: CliSpec<Record<string, CliOption>>): string {
  const rows = Object.entries({ ...spec.options, help: helpOption }).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : ""}--${name}${option.value ? ` ${option.value}` : ""}`;
    return [flag, option.description] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return `${usageLines(spec)}\n\n${spec.summary}\n\noptions:\n${rows.map(([flag, description]) => `  ${flag.padEnd(width)}${description}`).join("\n")}\n`;
}

function usageErrorText(spec: CliSpec<Record<string, CliOption>>, problem: string): string {
  return `${spec.name}: ${problem}\n${usageLines(spec)}\nRun it with --help to see every option.`;
}

/** parseArgs's messages, with the flag first and without its advice about "--". */
function usageProblem(error: Error & { code?: string }): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? "";
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return `unknown option ${quoted}`;
  if (error.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return `unexpected argument ${quoted}`;
  if (/argument missing|ambiguous/.test(error.message)) return `option ${quoted.replace(/ <value>$/, "")} needs a value`;
  return error.message.split("\n")[0]!.replace(/^./, (first) => first.toLowerCase());
}

/** Parses `args` against the spec: the values to run with, the help to print, or what is wrong. */
export function parseCommandLine<O extends Record<string, CliOption>>(spec: CliSpec<O>, args: string[]): CliParse<O> {
  const options = Object.fromEntries(
    Object.entries({ ...spec.options, help: helpOption }).map(([name, option]) => [
      name,
      { type: option.type, ...(option.short && { short: option.short }) },
    ]),
  );
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: spec.positionals ?? false });
    if (values.help) return { kind: "help", text: helpText(spec) };
    const { help: _help, ...rest } = values;
    return { kind: "run", values: rest as CliValues<O>, positionals };
  } catch (error) {
    if (!(error instanceof Error) || !String((error as { code?: string }).code).startsWith("ERR_PARSE_ARGS")) throw error;
    return { kind: "usage-error", text: usageErrorText(spec, usageProblem(error)) };
  }
}

/** The spec as given, typed for readCommandLine and exitWithUsage (a helper for inference only). */
export function defineCommandLine<const O extends Record<string, CliOption>>(spec: CliSpec<O>): CliSpec<O> {
  return spec;
}

/** A usage error: the message and the usage on stderr, exit code 2. */
export function exitWithUsage(spec: CliSpec<Record<string, CliOption>>, problem: string): never {
  console.error(usageErrorText(spec, problem));
  process.exit(2);
}

/** This process's arguments: prints help (exit 0) or a usage error (exit 2), or returns the values. */
export function readCommandLine<O extends Record<string, CliOption>>(
  spec: CliSpec<O>,
  args = process.argv.slice(2),
): { values: CliValues<O>; positionals: string[] } {
  const parsed = parseCommandLine(spec, args);
  if (parsed.kind === "help") {
    process.stdout.write(parsed.text);
    process.exit(0);
  }
  if (parsed.kind === "usage-error") {
    console.error(parsed.text);
    process.exit(2);
  }
  return parsed;
}

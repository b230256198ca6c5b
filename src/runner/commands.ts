// The few workflow commands the start of every action needs (failing the step, annotations,
// masking), written without @actions/core: its module loads an HTTP client (for OIDC tokens) when
// imported, which costs more than the rest of a failing start. The format and escaping are the
// runner's documented ones, as @actions/core writes them; the action bodies still use
// @actions/core for everything else.
import { EOL } from 'node:os';
import type { FileLocation } from './errors.js';

/** Writes `::name key=value,…::message`, escaped as the runner reads it back. */
function issueCommand(
  name: string,
  properties: Record<string, string | number | undefined>,
  message: string,
): void {
  // Empty and zero values are left out, as @actions/core does (line 0 is no line).
  const pairs = Object.entries(properties)
    .filter((pair): pair is [string, string | number] => Boolean(pair[1]))
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`);
  const head = pairs.length > 0 ? `${name} ${pairs.join(',')}` : name;
  process.stdout.write(`::${head}::${escapeData(message)}${EOL}`);
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function locationProperties(location: FileLocation | undefined) {
  return location === undefined
    ? {}
    : { file: location.file, line: location.line, col: location.column };
}

/** An error annotation, on a file's line when given (shown in the PR's "Files changed" view). */
export function annotateError(message: string, location?: FileLocation): void {
  issueCommand('error', locationProperties(location), message);
}

/** A warning annotation, on a file's line when given. */
export function annotateWarning(message: string, location?: FileLocation): void {
  issueCommand('warning', locationProperties(location), message);
}

/** A line shown only when step debug logging is on. */
export function debug(message: string): void {
  issueCommand('debug', {}, message);
}

/** Hides a value in every later log line. */
export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret);
}

/** Fails the step with this message (the process exits 1 when the action returns). */
export function setFailed(message: string): void {
  process.exitCode = 1;
  annotateError(message);
}

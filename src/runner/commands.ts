// The workflow commands the actions write (outputs, annotations, log lines, masks, failing the
// step), without @actions/core: its module loads an HTTP client (undici, for OIDC tokens) when
// imported, which costs more than most of a run that makes no request. The format and escaping
// are the runner's documented ones, byte for byte as @actions/core writes them (tested).
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync } from 'node:fs';
import { EOL } from 'node:os';
import type { FileLocation } from '../domain/errors.js';

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

/** A notice annotation (shown on the run's summary page). */
export function annotateNotice(message: string): void {
  issueCommand('notice', {}, message);
}

/** A plain line of the step's log. */
export function info(message: string): void {
  process.stdout.write(message + EOL);
}

/**
 * Sets a step output: appended to the `GITHUB_OUTPUT` file in the runner's `name<<delimiter`
 * form, or the older `::set-output` command where that file is not set (a local runner).
 */
export function setOutput(name: string, value: string): void {
  const path = process.env['GITHUB_OUTPUT'];
  if (!path) {
    process.stdout.write(EOL);
    issueCommand('set-output', { name }, value);
    return;
  }
  // A random delimiter no value can contain by accident; one that does would end the value early.
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`Output '${name}' contains its own delimiter ${delimiter}.`);
  }
  if (!existsSync(path)) throw new Error(`Missing file at path: ${path}`);
  appendFileSync(path, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8');
}

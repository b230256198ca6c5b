import * as core from '@actions/core';
import type { FileLocation } from './errors.js';

/** An error annotation on a file's line, shown in the PR's "Files changed" view. */
export function annotateError(message: string, location: FileLocation): void {
  core.error(message, toProperties(location));
}

/** A warning annotation on a file's line. */
export function annotateWarning(message: string, location: FileLocation): void {
  core.warning(message, toProperties(location));
}

function toProperties(location: FileLocation): core.AnnotationProperties {
  return {
    file: location.file,
    ...(location.line !== undefined ? { startLine: location.line } : {}),
    ...(location.column !== undefined ? { startColumn: location.column } : {}),
  };
}

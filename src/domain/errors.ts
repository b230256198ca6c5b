/** Where in a file a user's mistake is, so the message and the annotation can point at it. */
export interface FileLocation {
  file: string;
  line?: number;
  column?: number;
  /** What is wrong at this line, when the message lists several places (its annotation's text). */
  note?: string;
}

/**
 * A mistake the user can fix (bad input, a malformed file, a refused bump). Its message is shown
 * alone, without a stack: it must say what is wrong and what to do. Anything else thrown is a bug.
 */
export class UserError extends Error {
  override name = 'UserError';
  readonly locations: FileLocation[];

  constructor(message: string, locations: FileLocation[] = []) {
    super(message);
    this.locations = locations;
  }
}

/** `file:line` for messages: the form editors and terminals turn into links. */
export function formatLocation(location: FileLocation): string {
  if (location.line === undefined) return location.file;
  return `${location.file}:${location.line}`;
}

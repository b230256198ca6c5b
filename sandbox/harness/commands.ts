/**
 * Parsers for what an action hands back to the runner: the file commands (`GITHUB_OUTPUT`,
 * `GITHUB_ENV`, `GITHUB_STATE`) and the workflow commands it prints on stdout (`::error ...::`).
 */

/** One annotation, as the runner would show it on the run page and in the PR. */
export interface Annotation {
  level: 'error' | 'warning' | 'notice' | 'debug';
  message: string;
  file?: string;
  line?: number;
  col?: number;
  endLine?: number;
  endColumn?: number;
  title?: string;
}

/**
 * Parses a file-command file: `name=value` lines and the heredoc form
 * `name<<DELIMITER` … `DELIMITER` that @actions/core writes for every value.
 * A later value for the same name replaces the earlier one, as on the runner.
 */
export function parseFileCommand(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = stripCarriageReturn(lines[i] ?? '');
    if (line === '') continue;
    // The runner's rule: `name<<DELIMITER` unless an `=` comes before the `<<`.
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line);
    const equals = line.indexOf('=');
    if (heredoc) {
      const [, name = '', delimiter = ''] = heredoc;
      const valueLines: string[] = [];
      let closed = false;
      for (i++; i < lines.length; i++) {
        const valueLine = lines[i] ?? '';
        if (stripCarriageReturn(valueLine) === delimiter) {
          closed = true;
          break;
        }
        valueLines.push(valueLine);
      }
      if (!closed) throw new Error(`Unterminated value for '${name}': no line '${delimiter}'.`);
      values[name] = valueLines.join('\n');
    } else if (equals > 0) {
      values[line.slice(0, equals)] = line.slice(equals + 1);
    } else {
      throw new Error(`Malformed file-command line: '${line}'.`);
    }
  }
  return values;
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

const annotationLevels = new Set(['error', 'warning', 'notice', 'debug']);

/**
 * The annotations in an action's stdout: `::error file=a.ts,line=3,title=T::message`, with
 * @actions/core's escaping undone (`%25 %0D %0A` in both, `%3A %2C` in property values).
 */
export function parseAnnotations(stdout: string): Annotation[] {
  const annotations: Annotation[] = [];
  for (const rawLine of stdout.split('\n')) {
    const line = stripCarriageReturn(rawLine);
    const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!command) continue;
    const [, name = '', properties = '', message = ''] = command;
    if (!annotationLevels.has(name)) continue;
    const annotation: Annotation = {
      level: name as Annotation['level'],
      message: unescapeData(message),
    };
    for (const property of properties.split(',')) {
      const equals = property.indexOf('=');
      if (equals <= 0) continue;
      const key = property.slice(0, equals).trim();
      const value = unescapeProperty(property.slice(equals + 1));
      if (key === 'file' || key === 'title') annotation[key] = value;
      if (key === 'line' || key === 'col' || key === 'endLine' || key === 'endColumn') {
        annotation[key] = Number(value);
      }
    }
    annotations.push(annotation);
  }
  return annotations;
}

const escapes: Record<string, string> = { '%25': '%', '%0D': '\r', '%0A': '\n' };
const propertyEscapes: Record<string, string> = { ...escapes, '%3A': ':', '%2C': ',' };

// One pass, so an escaped `%` (`%250A`) never turns into a newline.
function unescapeData(text: string): string {
  return text.replace(/%(25|0D|0A)/g, (escaped) => escapes[escaped] ?? escaped);
}

function unescapeProperty(text: string): string {
  return text.replace(/%(25|0D|0A|3A|2C)/g, (escaped) => propertyEscapes[escaped] ?? escaped);
}

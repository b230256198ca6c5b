// `${{ }}` expressions of a workflow, evaluated with GitHub's own evaluator (@actions/expressions)
// against plain-data contexts. GitHub's built-in functions (contains, startsWith, format, join,
// toJSON, fromJSON...) come with the library; the status functions (success, failure, always,
// cancelled) are given here from the job's state. Any other function (hashFiles, say), an unknown
// context or a syntax error throws: the rehearsal never guesses a value.
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';

/**
 * What `success()`, `failure()` and `cancelled()` answer at this point: in a step, whether a step
 * before failed; in a job's `if:`, whether every needed job succeeded or one failed.
 */
export interface JobStatus {
  success: boolean;
  failure: boolean;
  cancelled: boolean;
}

export const SUCCEEDING: JobStatus = { success: true, failure: false, cancelled: false };

/** The contexts an expression may read, as plain JSON-like data. */
export type Contexts = Record<string, unknown>;

export class RehearsalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RehearsalError';
  }
}

function statusFunctions(status: JobStatus): Map<string, FunctionDefinition> {
  const bool = (value: boolean) => () => new data.BooleanData(value);
  const defs: FunctionDefinition[] = [
    { name: 'success', minArgs: 0, maxArgs: 0, call: bool(status.success && !status.cancelled) },
    { name: 'failure', minArgs: 0, maxArgs: 0, call: bool(status.failure && !status.cancelled) },
    { name: 'cancelled', minArgs: 0, maxArgs: 0, call: bool(status.cancelled) },
    { name: 'always', minArgs: 0, maxArgs: 0, call: bool(true) },
  ];
  return new Map(defs.map((def) => [def.name, def]));
}

function toExpressionData(value: unknown): data.ExpressionData {
  return JSON.parse(JSON.stringify(value ?? null), data.reviver) as data.ExpressionData;
}

/** Evaluates one expression (the text between `${{` and `}}`, or an `if:` condition). */
export function evaluate(
  expression: string,
  contexts: Contexts,
  status: JobStatus = SUCCEEDING,
  where = 'expression',
): data.ExpressionData {
  const functions = statusFunctions(status);
  try {
    const lexed = new Lexer(expression).lex();
    const expr = new Parser(lexed.tokens, Object.keys(contexts), [...functions.values()]).parse();
    const context = new data.Dictionary(
      ...Object.entries(contexts).map(([key, value]) => ({ key, value: toExpressionData(value) })),
    );
    return new Evaluator(expr, context, functions).evaluate();
  } catch (error) {
    throw new RehearsalError(
      `${where}: cannot rehearse \${{ ${expression} }}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** An expression's value as the runner turns it into a string (`with:`, `env:`, names). */
export function coerce(value: data.ExpressionData, where: string): string {
  if (!value.primitive) {
    throw new RehearsalError(
      `${where}: the expression gives an ${value.kind === data.Kind.Array ? 'array' : 'object'}, not a string (use toJSON()).`,
    );
  }
  return value.coerceString();
}

/** Whether an `if:` result counts as true (GitHub's truthiness). */
export function truthy(value: data.ExpressionData): boolean {
  switch (value.kind) {
    case data.Kind.Null:
      return false;
    case data.Kind.Boolean:
      return (value as data.BooleanData).value;
    case data.Kind.Number: {
      const n = value.number();
      return n !== 0 && !Number.isNaN(n);
    }
    case data.Kind.String:
      return value.coerceString() !== '';
    default:
      return true;
  }
}

/**
 * A string with `${{ }}` parts evaluated and concatenated, as the runner does for `with:` and
 * `env:` values. A value that is not a string (a YAML number or boolean) becomes its text.
 */
export function interpolate(
  value: unknown,
  contexts: Contexts,
  status: JobStatus,
  where: string,
): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') {
    throw new RehearsalError(`${where}: a mapping or list where a string is expected.`);
  }
  let result = '';
  let rest = value;
  for (;;) {
    const start = rest.indexOf('${{');
    if (start < 0) return result + rest;
    const end = rest.indexOf('}}', start + 3);
    if (end < 0) throw new RehearsalError(`${where}: unterminated \${{ in '${value}'.`);
    result += rest.slice(0, start);
    result += coerce(evaluate(rest.slice(start + 3, end).trim(), contexts, status, where), where);
    rest = rest.slice(end + 2);
  }
}

/**
 * An `if:` condition as GitHub's parser hands it over (`BasicExpressionToken.expression`, already
 * wrapped in `success() && (...)` when it calls no status function).
 */
export function condition(
  expression: string,
  contexts: Contexts,
  status: JobStatus,
  where: string,
): boolean {
  return truthy(evaluate(expression, contexts, status, where));
}

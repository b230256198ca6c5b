import type { Repository } from './repository.js';

/** A JSON request body as received (its shape is checked against OpenAPI before handlers run). */
export type Body = Record<string, unknown>;

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Context {
  repo: Repository;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Body;
  /** Path of the request without the query, as received (for pagination links). */
  path: string;
}

export type Handler = (context: Context) => Promise<Reply> | Reply;

export interface Route {
  method: string;
  /** The OpenAPI path template the route serves. */
  template: string;
  /** Its OpenAPI operation id (checked against the description when validating). */
  operation: string;
  handler: Handler;
}

const DOCS = 'https://docs.github.com/rest';

export interface FieldError {
  resource: string;
  field?: string;
  code: string;
  message?: string;
}

/** An answer GitHub gives for a refused request, thrown by handlers. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: (FieldError | string)[],
  ) {
    super(message);
  }

  toReply(): Reply {
    const body: Body = {
      message: this.message,
      documentation_url: DOCS,
      status: String(this.status),
    };
    if (this.errors) body['errors'] = this.errors;
    return { status: this.status, body };
  }
}

export const notFound = () => new HttpError(404, 'Not Found');

export function invalid(message: string, errors?: (FieldError | string)[]): HttpError {
  return new HttpError(422, message, errors);
}

export const ok = (body: unknown, status = 200): Reply => ({ status, body });
export const noContent = (): Reply => ({ status: 204 });

/**
 * One page of `items` with GitHub's `Link` header (first/prev/next/last), honouring `per_page`
 * (default 30, at most 100) and `page`, so that Octokit's `paginate` walks every page.
 */
export function paginate(context: Context, items: readonly unknown[]): Reply {
  const perPage = Math.min(100, Math.max(1, Number(context.query.get('per_page')) || 30));
  const page = Math.max(1, Number(context.query.get('page')) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number) => {
    const query = new URLSearchParams(context.query);
    query.set('per_page', String(perPage));
    query.set('page', String(n));
    return `<${context.repo.baseUrl}${context.path}?${query}>`;
  };
  const links: string[] = [];
  if (page > 1)
    links.push(`${link(1)}; rel="first"`, `${link(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) links.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
  const body = items.slice((page - 1) * perPage, page * perPage);
  return { status: 200, body, headers: links.length ? { link: links.join(', ') } : {} };
}

/** `paginate`, rendering only the requested page (reading items from git is costly). */
export async function paginateAsync<T>(
  context: Context,
  items: readonly T[],
  renderPage: (page: T[]) => Promise<unknown[]>,
): Promise<Reply> {
  const reply = paginate(context, items);
  return { ...reply, body: await renderPage(reply.body as T[]) };
}

export function optionalString(body: Body, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' ? value : undefined;
}

export function requiredString(body: Body, key: string, resource: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value === '') {
    throw invalid('Invalid request.', [{ resource, field: key, code: 'missing_field' }]);
  }
  return value;
}

export function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** A positive integer path parameter (`pull_number`, `release_id`...), or 404. */
export function idParam(context: Context, name: string): number {
  const value = Number(context.params[name]);
  if (!Number.isInteger(value) || value <= 0) throw notFound();
  return value;
}

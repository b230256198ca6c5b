import {
  type Body,
  type Context,
  type Route,
  HttpError,
  idParam,
  invalid,
  noContent,
  notFound,
  ok,
  optionalString,
  paginate,
} from '../http.js';
import {
  ACTOR,
  type CommentRecord,
  type IssueRecord,
  type LabelRecord,
  type PullRecord,
  type Repository,
  now,
} from '../repository.js';
import { nodeId, user } from '../shapes.js';

/** Issues (pull requests are issues too), their comments, and labels. */

/** GitHub's colour for a label created implicitly by labelling an issue. */
const DEFAULT_COLOR = 'ededed';

function findLabel(repo: Repository, name: string): LabelRecord | undefined {
  return repo.state.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
}

/** The label, created on first use as GitHub does when an issue is labelled with a new name. */
function ensureLabel(repo: Repository, name: string): LabelRecord {
  let label = findLabel(repo, name);
  if (!label) {
    label = { id: repo.ids.id(), name, color: DEFAULT_COLOR, description: null };
    repo.state.labels.push(label);
  }
  return label;
}

export function labelShape(repo: Repository, name: string) {
  const label = ensureLabel(repo, name);
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: repo.api(`/labels/${encodeURIComponent(label.name)}`),
    name: label.name,
    description: label.description,
    color: label.color,
    default: false,
  };
}

/** Label names from `labels: ['a', {name: 'b'}]`. */
function labelNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((item) => (typeof item === 'string' ? item : (item as { name?: unknown })?.name))
    .filter((name): name is string => typeof name === 'string' && name !== '');
}

function setLabels(repo: Repository, issue: IssueRecord, names: string[]): void {
  issue.labels = [];
  addLabels(repo, issue, names);
}

function addLabels(repo: Repository, issue: IssueRecord, names: string[]): void {
  for (const name of names) {
    const label = ensureLabel(repo, name);
    if (!issue.labels.some((l) => l.toLowerCase() === label.name.toLowerCase())) {
      issue.labels.push(label.name);
    }
  }
}

const isPull = (issue: IssueRecord): issue is PullRecord => 'head' in issue;

function issueShape(repo: Repository, issue: IssueRecord) {
  const api = repo.api(`/issues/${issue.number}`);
  const html = repo.html(`/${isPull(issue) ? 'pull' : 'issues'}/${issue.number}`);
  return {
    id: issue.id,
    node_id: nodeId(isPull(issue) ? 'PullRequest' : 'Issue', issue.id),
    url: api,
    repository_url: repo.api(),
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: html,
    number: issue.number,
    state: issue.state,
    state_reason: issue.state_reason,
    title: issue.title,
    body: issue.body,
    user: user(repo.baseUrl, issue.user),
    labels: issue.labels.map((name) => labelShape(repo, name)),
    assignee: issue.assignees[0] ? user(repo.baseUrl, issue.assignees[0]) : null,
    assignees: issue.assignees.map((login) => user(repo.baseUrl, login)),
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: repo.state.comments.filter((c) => c.issue_number === issue.number).length,
    closed_at: issue.closed_at,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    author_association: 'NONE',
    ...(isPull(issue)
      ? {
          pull_request: {
            url: repo.api(`/pulls/${issue.number}`),
            html_url: html,
            diff_url: `${html}.diff`,
            patch_url: `${html}.patch`,
            merged_at: issue.merged_at,
          },
          draft: issue.draft,
        }
      : {}),
  };
}

function findIssue(context: Context): IssueRecord {
  const issue = context.repo.issueOrPull(idParam(context, 'issue_number'));
  if (!issue) throw notFound();
  return issue;
}

function createIssue({ repo, body }: Context) {
  const title = body['title'];
  if ((typeof title !== 'string' || title === '') && typeof title !== 'number') {
    throw invalid('Validation Failed', [
      { resource: 'Issue', field: 'title', code: 'missing_field' },
    ]);
  }
  const timestamp = now();
  const issue: IssueRecord = {
    id: repo.ids.id(),
    number: repo.nextNumber(),
    title: String(title),
    body: optionalString(body, 'body') ?? null,
    state: 'open',
    state_reason: null,
    labels: [],
    assignees: assignees(body),
    user: ACTOR,
    created_at: timestamp,
    updated_at: timestamp,
    closed_at: null,
  };
  setLabels(repo, issue, labelNames(body['labels']));
  repo.state.issues.push(issue);
  return {
    status: 201,
    body: issueShape(repo, issue),
    headers: { location: repo.api(`/issues/${issue.number}`) },
  };
}

function assignees(body: Body): string[] {
  const list = Array.isArray(body['assignees']) ? (body['assignees'] as unknown[]) : [];
  const single = optionalString(body, 'assignee');
  return [
    ...new Set([
      ...(single ? [single] : []),
      ...list.filter((a): a is string => typeof a === 'string'),
    ]),
  ];
}

function getIssue(context: Context) {
  return ok(issueShape(context.repo, findIssue(context)));
}

function updateIssue(context: Context) {
  const { repo, body } = context;
  const issue = findIssue(context);
  if (typeof body['title'] === 'string' || typeof body['title'] === 'number')
    issue.title = String(body['title']);
  if (typeof body['body'] === 'string' || body['body'] === null)
    issue.body = body['body'] as string | null;
  if (body['labels'] !== undefined) setLabels(repo, issue, labelNames(body['labels']));
  if (body['assignees'] !== undefined || body['assignee'] !== undefined)
    issue.assignees = assignees(body);
  const state = optionalString(body, 'state');
  if (state === 'closed' && issue.state === 'open') {
    issue.state = 'closed';
    issue.closed_at = now();
    issue.state_reason =
      (optionalString(body, 'state_reason') as IssueRecord['state_reason']) ?? 'completed';
  } else if (state === 'open' && issue.state === 'closed') {
    issue.state = 'open';
    issue.closed_at = null;
    issue.state_reason = 'reopened';
  }
  issue.updated_at = now();
  return ok(issueShape(repo, issue));
}

function listIssues(context: Context) {
  const { repo, query } = context;
  const state = query.get('state') ?? 'open';
  const labels = (query.get('labels') ?? '')
    .split(',')
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
  const creator = query.get('creator');
  const assignee = query.get('assignee');
  const all: IssueRecord[] = [...repo.state.issues, ...repo.state.pulls];
  const direction = query.get('direction') === 'asc' ? 1 : -1;
  const issues = all
    .filter(
      (i) =>
        (state === 'all' || i.state === state) &&
        labels.every((l) => i.labels.some((name) => name.toLowerCase() === l)) &&
        (!creator || i.user.toLowerCase() === creator.toLowerCase()) &&
        matchesAssignee(i, assignee),
    )
    .sort((a, b) => direction * (a.number - b.number));
  return paginate(
    context,
    issues.map((i) => issueShape(repo, i)),
  );
}

/** GitHub's `assignee` filter: a login, `none` (unassigned) or `*` (assigned to anyone). */
function matchesAssignee(issue: IssueRecord, assignee: string | null): boolean {
  if (!assignee) return true;
  if (assignee === 'none') return issue.assignees.length === 0;
  if (assignee === '*') return issue.assignees.length > 0;
  return issue.assignees.includes(assignee);
}

function commentShape(repo: Repository, comment: CommentRecord) {
  return {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url: repo.api(`/issues/comments/${comment.id}`),
    html_url: repo.html(`/issues/${comment.issue_number}#issuecomment-${comment.id}`),
    body: comment.body,
    user: user(repo.baseUrl, comment.user),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    issue_url: repo.api(`/issues/${comment.issue_number}`),
    author_association: 'NONE',
  };
}

function listComments(context: Context) {
  const issue = findIssue(context);
  const comments = context.repo.state.comments.filter((c) => c.issue_number === issue.number);
  return paginate(
    context,
    comments.map((c) => commentShape(context.repo, c)),
  );
}

function createComment(context: Context) {
  const { repo, body } = context;
  const issue = findIssue(context);
  const text = optionalString(body, 'body');
  if (!text)
    throw invalid('Validation Failed', [
      { resource: 'IssueComment', field: 'body', code: 'missing_field' },
    ]);
  const timestamp = now();
  const comment: CommentRecord = {
    id: repo.ids.id(),
    issue_number: issue.number,
    body: text,
    user: ACTOR,
    created_at: timestamp,
    updated_at: timestamp,
  };
  repo.state.comments.push(comment);
  issue.updated_at = timestamp;
  return {
    status: 201,
    body: commentShape(repo, comment),
    headers: { location: repo.api(`/issues/comments/${comment.id}`) },
  };
}

function findComment(context: Context): CommentRecord {
  const id = idParam(context, 'comment_id');
  const comment = context.repo.state.comments.find((c) => c.id === id);
  if (!comment) throw notFound();
  return comment;
}

function getComment(context: Context) {
  return ok(commentShape(context.repo, findComment(context)));
}

function updateComment(context: Context) {
  const comment = findComment(context);
  const text = optionalString(context.body, 'body');
  if (!text)
    throw invalid('Validation Failed', [
      { resource: 'IssueComment', field: 'body', code: 'missing_field' },
    ]);
  comment.body = text;
  comment.updated_at = now();
  return ok(commentShape(context.repo, comment));
}

function deleteComment(context: Context) {
  const comment = findComment(context);
  const comments = context.repo.state.comments;
  comments.splice(comments.indexOf(comment), 1);
  return noContent();
}

function listRepoLabels(context: Context) {
  const { repo } = context;
  return paginate(
    context,
    repo.state.labels.map((l) => labelShape(repo, l.name)),
  );
}

function createLabel({ repo, body }: Context) {
  const name = optionalString(body, 'name') ?? '';
  if (!name)
    throw invalid('Validation Failed', [
      { resource: 'Label', field: 'name', code: 'missing_field' },
    ]);
  if (findLabel(repo, name)) {
    throw invalid('Validation Failed', [
      { resource: 'Label', field: 'name', code: 'already_exists' },
    ]);
  }
  const color = (optionalString(body, 'color') ?? DEFAULT_COLOR).replace(/^#/, '');
  if (!/^[0-9a-fA-F]{6}$/.test(color)) {
    throw invalid('Validation Failed', [{ resource: 'Label', field: 'color', code: 'invalid' }]);
  }
  repo.state.labels.push({
    id: repo.ids.id(),
    name,
    color,
    description: optionalString(body, 'description') ?? null,
  });
  return {
    status: 201,
    body: labelShape(repo, name),
    headers: { location: repo.api(`/labels/${encodeURIComponent(name)}`) },
  };
}

function getLabel({ repo, params }: Context) {
  const label = findLabel(repo, params['name'] ?? '');
  if (!label) throw notFound();
  return ok(labelShape(repo, label.name));
}

/** Renames, recolours or describes a label (issues keep it: they hold it by name). */
function updateLabel({ repo, params, body }: Context) {
  const label = findLabel(repo, params['name'] ?? '');
  if (!label) throw notFound();
  const color = optionalString(body, 'color');
  if (color !== undefined) {
    const hex = color.replace(/^#/, '');
    if (!/^[0-9a-fA-F]{6}$/.test(hex)) {
      throw invalid('Validation Failed', [{ resource: 'Label', field: 'color', code: 'invalid' }]);
    }
    label.color = hex;
  }
  if (typeof body['description'] === 'string' || body['description'] === null) {
    label.description = body['description'] as string | null;
  }
  const newName = optionalString(body, 'new_name');
  if (newName !== undefined && newName !== label.name) {
    if (findLabel(repo, newName)) {
      throw invalid('Validation Failed', [
        { resource: 'Label', field: 'name', code: 'already_exists' },
      ]);
    }
    const old = label.name;
    label.name = newName;
    for (const issue of [...repo.state.issues, ...repo.state.pulls]) {
      issue.labels = issue.labels.map((name) => (name === old ? newName : name));
    }
  }
  return ok(labelShape(repo, label.name));
}

function issueLabels(repo: Repository, issue: IssueRecord) {
  return issue.labels.map((name) => labelShape(repo, name));
}

function listIssueLabels(context: Context) {
  return paginate(context, issueLabels(context.repo, findIssue(context)));
}

function addIssueLabels(context: Context) {
  const { repo, body } = context;
  const issue = findIssue(context);
  const names = labelNames(
    Array.isArray(body['labels'])
      ? body['labels']
      : body['labels'] === undefined
        ? []
        : [body['labels']],
  );
  if (names.length === 0) {
    throw invalid('Validation Failed', [
      { resource: 'Label', field: 'labels', code: 'missing_field' },
    ]);
  }
  addLabels(repo, issue, names);
  issue.updated_at = now();
  return ok(issueLabels(repo, issue));
}

function setIssueLabels(context: Context) {
  const { repo, body } = context;
  const issue = findIssue(context);
  setLabels(repo, issue, labelNames(body['labels']));
  issue.updated_at = now();
  return ok(issueLabels(repo, issue));
}

function removeIssueLabel(context: Context) {
  const { repo, params } = context;
  const issue = findIssue(context);
  const name = (params['name'] ?? '').toLowerCase();
  const index = issue.labels.findIndex((l) => l.toLowerCase() === name);
  if (index === -1) throw new HttpError(404, 'Label does not exist');
  issue.labels.splice(index, 1);
  issue.updated_at = now();
  return ok(issueLabels(repo, issue));
}

const R = '/repos/{owner}/{repo}';
const ISSUE = `${R}/issues/{issue_number}`;

export const issueRoutes: Route[] = [
  { method: 'POST', template: `${R}/issues`, operation: 'issues/create', handler: createIssue },
  {
    method: 'GET',
    template: `${R}/issues`,
    operation: 'issues/list-for-repo',
    handler: listIssues,
  },
  { method: 'GET', template: ISSUE, operation: 'issues/get', handler: getIssue },
  { method: 'PATCH', template: ISSUE, operation: 'issues/update', handler: updateIssue },
  {
    method: 'GET',
    template: `${ISSUE}/comments`,
    operation: 'issues/list-comments',
    handler: listComments,
  },
  {
    method: 'POST',
    template: `${ISSUE}/comments`,
    operation: 'issues/create-comment',
    handler: createComment,
  },
  {
    method: 'GET',
    template: `${R}/issues/comments/{comment_id}`,
    operation: 'issues/get-comment',
    handler: getComment,
  },
  {
    method: 'PATCH',
    template: `${R}/issues/comments/{comment_id}`,
    operation: 'issues/update-comment',
    handler: updateComment,
  },
  {
    method: 'DELETE',
    template: `${R}/issues/comments/{comment_id}`,
    operation: 'issues/delete-comment',
    handler: deleteComment,
  },
  {
    method: 'GET',
    template: `${R}/labels`,
    operation: 'issues/list-labels-for-repo',
    handler: listRepoLabels,
  },
  {
    method: 'POST',
    template: `${R}/labels`,
    operation: 'issues/create-label',
    handler: createLabel,
  },
  {
    method: 'GET',
    template: `${R}/labels/{name}`,
    operation: 'issues/get-label',
    handler: getLabel,
  },
  {
    method: 'PATCH',
    template: `${R}/labels/{name}`,
    operation: 'issues/update-label',
    handler: updateLabel,
  },
  {
    method: 'GET',
    template: `${ISSUE}/labels`,
    operation: 'issues/list-labels-on-issue',
    handler: listIssueLabels,
  },
  {
    method: 'POST',
    template: `${ISSUE}/labels`,
    operation: 'issues/add-labels',
    handler: addIssueLabels,
  },
  {
    method: 'PUT',
    template: `${ISSUE}/labels`,
    operation: 'issues/set-labels',
    handler: setIssueLabels,
  },
  {
    method: 'DELETE',
    template: `${ISSUE}/labels/{name}`,
    operation: 'issues/remove-label',
    handler: removeIssueLabel,
  },
];

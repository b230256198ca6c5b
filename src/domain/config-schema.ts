import {
  DEFAULT_BRANCH_FORMAT,
  DEFAULT_MAINTENANCE_BRANCH_FORMAT,
  DEFAULT_TAG_FORMAT,
  PRODUCT_NAME_PATTERN,
} from './naming.js';
import { NEEDS_A_THRESHOLD } from './monitor/checks.js';
import { DURATION_FORMS, DURATION_PATTERN } from './monitor/duration.js';

/**
 * The JSON Schema (draft-07, the draft editors support best) of `.github/hotfix.yml`.
 * The loader validates with this constant; `schema/hotfix.schema.json` is the same schema for
 * editors (`# yaml-language-server: $schema=...`), and a test fails when the two differ.
 *
 * `x-message` is how the loader words a failure of the subschema it sits on; validators and
 * editors ignore it. Subschemas are repeated rather than `$ref`ed so each field keeps its own
 * description in editors.
 */

const repositoryPath = {
  type: 'string',
  pattern: '^(?!/)(?!(?:.*/)?\\.\\.(?:/|$))[^\\\\]*[^/\\\\]$',
  'x-message':
    "must be a file path relative to the repository root, with '/' separators, " +
    "no leading '/' and no '..' (e.g. apps/web/package.json)",
} as const;

const httpUrl = {
  type: 'string',
  pattern: '^https?://[^\\s/?#]+(?:[/?#]\\S*)?$',
  'x-message':
    'must be an http:// or https:// URL without spaces, e.g. https://web.example.com/health',
} as const;

// The monitor's own reading of a duration, so the file accepts what the inputs accept.
const duration = {
  type: 'string',
  pattern: DURATION_PATTERN,
  'x-message': `must be a duration: ${DURATION_FORMS}`,
} as const;

const teamOrUser = {
  type: 'string',
  pattern: '^@?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?$',
  'x-message': 'must be a GitHub login (octocat) or a team (octo-org/release-engineers)',
} as const;

const versionFile = {
  description:
    'A file that holds the product version. A path alone: the format comes from the file name ' +
    '(pubspec.yaml, package.json). Any other file: {path, pattern}.',
  anyOf: [
    {
      ...repositoryPath,
      description: 'Path of the version file, relative to the repository root.',
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['path'],
      properties: {
        path: { ...repositoryPath, description: 'Path of the version file.' },
        pattern: {
          type: 'string',
          minLength: 1,
          description:
            'A JavaScript regular expression with a named group `version` that captures the ' +
            'version, e.g. "MARKETING_VERSION = (?<version>\\\\S+)".',
        },
      },
    },
  ],
  'x-message': 'must be a path or {path, pattern}',
} as const;

const urlProbe = {
  description: 'An HTTP(S) health check: a URL alone expects any 2xx status.',
  anyOf: [
    { ...httpUrl, description: 'URL to request; any 2xx status passes.' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['url'],
      properties: {
        url: { ...httpUrl, description: 'URL to request.' },
        'expect-status': {
          type: 'integer',
          minimum: 100,
          maximum: 599,
          description: 'The status code that passes (default: any 2xx).',
          'x-message': 'must be an HTTP status code between 100 and 599, e.g. 200',
        },
        'expect-body': {
          type: 'string',
          description: 'Text the response body must contain.',
        },
      },
    },
  ],
  'x-message': 'must be a URL or {url, expect-status, expect-body}',
} as const;

const prometheusQuery = {
  type: 'object',
  description: 'A PromQL query whose value must stay within max and/or min.',
  additionalProperties: false,
  required: ['name', 'query'],
  properties: {
    name: { type: 'string', minLength: 1, description: 'Name shown in reports.' },
    query: {
      type: 'string',
      minLength: 1,
      description: 'PromQL instant query that returns one number.',
    },
    max: { type: 'number', description: 'Unhealthy when the value is above this.' },
    min: { type: 'number', description: 'Unhealthy when the value is below this.' },
  },
  allOf: [
    {
      anyOf: [{ required: ['max'] }, { required: ['min'] }],
      'x-message': NEEDS_A_THRESHOLD,
    },
  ],
} as const;

const monitor = {
  type: 'object',
  description: 'Checks run after the deploy (process step 10: verify and monitor).',
  additionalProperties: false,
  properties: {
    duration: {
      ...duration,
      description: 'How long to monitor, e.g. 2h (the process says 2+ hours).',
    },
    interval: { ...duration, description: 'Time between checks, e.g. 1m.' },
    urls: {
      type: 'array',
      description: 'Health checks.',
      items: urlProbe,
      'x-message': 'must be a list of URLs or {url, expect-status, expect-body}',
    },
    prometheus: {
      type: 'object',
      description: 'Metric checks against a Prometheus server.',
      additionalProperties: false,
      required: ['url', 'queries'],
      properties: {
        url: { ...httpUrl, description: 'Base URL of the Prometheus server.' },
        queries: {
          type: 'array',
          minItems: 1,
          description: 'Queries to check at every interval.',
          items: prometheusQuery,
        },
      },
    },
  },
} as const;

const product = {
  type: 'object',
  description: 'How one product is versioned, recorded, deployed and watched.',
  additionalProperties: false,
  'x-message': "must be the product's settings, e.g. version-files: [apps/web/package.json]",
  properties: {
    'version-files': {
      type: 'array',
      minItems: 1,
      description: 'Every file that holds the version; a hotfix bumps the PATCH in all of them.',
      items: versionFile,
      'x-message': 'must be a list of paths or {path, pattern}',
    },
    changelog: { ...repositoryPath, description: 'The CHANGELOG that gets the hotfix entry.' },
    deploy: {
      type: 'string',
      minLength: 1,
      description: 'Deploy command; the deploy workflow runs it with the tag as $1.',
    },
    monitor,
  },
} as const;

export const HOTFIX_CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Hotfix Actions configuration (.github/hotfix.yml)',
  description:
    'Names, labels, reviewers and products for emergency production hotfixes. Every key is optional.',
  type: 'object',
  additionalProperties: false,
  'x-message': 'must be a mapping of settings (base-branch, tag-format, ..., products)',
  properties: {
    'base-branch': {
      type: 'string',
      minLength: 1,
      description: "Branch hotfixes merge into. Default: the repository's default branch.",
    },
    'tag-format': {
      type: 'string',
      default: DEFAULT_TAG_FORMAT,
      description:
        'Production tag name, with the placeholders {product} and {version} (MAJOR.MINOR.PATCH).',
    },
    'branch-format': {
      type: 'string',
      default: DEFAULT_BRANCH_FORMAT,
      description: 'Hotfix branch name, with the placeholders {product} and {version}.',
    },
    'maintenance-branch-format': {
      type: 'string',
      default: DEFAULT_MAINTENANCE_BRANCH_FORMAT,
      description:
        'Branch a hotfix pull request targets when the base branch has moved on since the production tag: one per release line, cut at its newest production tag, with the placeholders {product}, {major} and {minor}. After the tag, a forward-port pull request carries the fix to the base branch.',
    },
    labels: {
      type: 'array',
      default: ['hotfix', 'URGENT'],
      description: 'Labels put on every hotfix pull request.',
      uniqueItems: true,
      items: {
        type: 'string',
        minLength: 1,
        maxLength: 50,
        'x-message': 'must be a label name of 1 to 50 characters',
      },
      'x-message': 'must be a list of label names, e.g. [hotfix, URGENT]',
    },
    reviewers: {
      type: 'array',
      description: 'Users or teams (org/team) requested to review every hotfix pull request.',
      items: teamOrUser,
      'x-message': 'must be a list of logins or teams, e.g. [octo-org/release-engineers]',
    },
    owners: {
      type: 'array',
      description:
        'Users or teams mentioned by the tracking issue when a severity target is missed.',
      items: teamOrUser,
      'x-message': "must be a list of logins or teams, e.g. ['@octo-org/devops']",
    },
    products: {
      type: 'object',
      description: 'The products this repository ships, by name (the {product} in names).',
      propertyNames: {
        pattern: PRODUCT_NAME_PATTERN,
        'x-message':
          "is not a valid product name: use letters, digits, '.', '_' and '-', starting and " +
          "ending with a letter or digit (no '..', no '.lock' ending)",
      },
      additionalProperties: product,
      'x-message': 'must be a mapping from product name to its settings',
    },
  },
} as const;

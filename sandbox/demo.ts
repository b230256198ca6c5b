// `npm run demo`: the whole hotfix of HOTFIX_PROCESS.md, through the workflow templates, on a
// temporary sandbox: the fixture monorepo (a real bare git repository) served by the local GitHub
// emulator, a local health endpoint as production, and a clock moved 24 hours for the follow-up.
// It prints what a person would see on GitHub as it goes, then the tracker's timeline against the
// process's targets, and leaves the sandbox on disk for `git log`. No network, no token, no
// configuration; any step that does not end as the process expects exits non-zero.
//
// By default main has moved on in the hotfix's own files (the real-life case): the hotfix merges
// into the release line's maintenance branch and a forward-port carries it to main.
// `npm run demo -- --quiet-main` rehearses the other path: main still at the production tag.
import { ensureFreshBuild, staleReason } from './harness/build.js';
import { checklistOf, runLifecycle, timelineOf, type Reporter } from './rehearsal/lifecycle.js';
import { createRehearsalSandbox, REHEARSAL_MONITOR } from './rehearsal/sandbox.js';
import { runGit } from './fixtures/monorepo.js';

const color = process.stdout.isTTY && !process.env['NO_COLOR'];
const bold = (text: string) => (color ? `\x1b[1m${text}\x1b[0m` : text);
const dim = (text: string) => (color ? `\x1b[2m${text}\x1b[0m` : text);

const reporter: Reporter = {
  section: (title) => console.log(`\n${bold(`▶ ${title}`)}`),
  line: (text) => console.log(`  ${text}`),
};

const USAGE = 'Usage: npm run demo [-- --quiet-main]';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--quiet-main');
  if (unknown.length > 0) {
    console.error(`Unknown option ${unknown.join(' ')}. ${USAGE}`);
    return 2;
  }
  const quietMain = args.includes('--quiet-main');
  const started = Date.now();
  console.log(bold('Hotfix Actions: the whole hotfix process, rehearsed on a local sandbox'));
  const stale = staleReason();
  if (stale) console.log(dim(`Building dist/ first (${stale})...`));
  await ensureFreshBuild();

  const sandbox = await createRehearsalSandbox();
  try {
    const repository = await sandbox.addRepository('octo-org/krow-withus');
    console.log(`Sandbox: ${sandbox.dir}`);
    console.log(
      `  repository octo-org/krow-withus = ${repository.bare} (a real bare git repository)`,
    );
    console.log(
      `  GitHub emulator ${sandbox.emulator.url}, production health endpoint ${sandbox.health.url}`,
    );
    console.log(
      dim(
        `  (.github/hotfix.yml rewritten in the fixture's history: monitors point at the local endpoint for ${REHEARSAL_MONITOR.duration} instead of 2h)`,
      ),
    );

    console.log(
      dim(
        quietMain
          ? '  (--quiet-main: main is still at the production tag, so the hotfix merges into main)'
          : "  (main holds the next release in the hotfix's own files; --quiet-main rehearses a main still at the tag)",
      ),
    );
    const result = await runLifecycle({
      emulator: sandbox.emulator,
      repository,
      reporter,
      quietMain,
    });

    const records = sandbox.emulator.repo(repository.fullName);
    const tracker = records.issues.find((issue) => issue.number === result.tracker);
    const body = tracker?.body ?? '';
    console.log(
      `\n${bold(`Tracking issue #${result.tracker}: ${tracker?.title} (${tracker?.state})`)}`,
    );
    for (const line of checklistOf(body)) console.log(`  ${line.replace(/ · .*$/, '')}`);
    console.log(`\n${bold('Timeline against the process targets')}`);
    for (const line of timelineOf(body)) console.log(`  ${line}`);
    const total = body.split('\n').find((line) => line.includes('Total time'));
    if (total) console.log(`  ${total.replace(/\*\*/g, '')}`);
    console.log(
      dim(
        `  (times are the sandbox's real clock: the rehearsal takes seconds; only the follow-up's clock was moved 24 hours)`,
      ),
    );

    const problems = sandbox.emulator.problems;
    if (problems.length > 0) {
      console.error(`\nThe emulator recorded ${problems.length} problem(s):`);
      for (const problem of problems) console.error(`  ${JSON.stringify(problem)}`);
      return 1;
    }

    console.log(`\n${bold('Inspect it')}`);
    const heads = [...new Set(['main', result.target, result.branch])];
    console.log(`  git --git-dir=${repository.bare} log --oneline --graph -10 ${heads.join(' ')}`);
    console.log(`  git --git-dir=${repository.bare} show ${result.tag}`);
    console.log(
      dim(
        runGit(['log', '--oneline', '--graph', '-10', ...heads], repository.bare)
          .split('\n')
          .map((line) => `    ${line}`)
          .join('\n'),
      ),
    );
    console.log(`  rm -rf ${sandbox.dir}   # when done`);
    console.log(`\n✅ Rehearsal complete in ${Math.round((Date.now() - started) / 1000)} s.`);
    return 0;
  } catch (error) {
    console.error(`\n❌ ${error instanceof Error ? error.message : String(error)}`);
    console.error(`Sandbox kept for inspection: ${sandbox.dir}`);
    return 1;
  } finally {
    await sandbox.close({ keep: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

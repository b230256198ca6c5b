// Preloaded into a bundle's process by the bench (`NODE_OPTIONS=--import <this file>`): when the
// process exits, its own `process.resourceUsage()` (CPU time in µs, peak RSS in KiB) is written to
// the file named by BENCH_USAGE_FILE. A parent cannot read a child's rusage from Node, and
// /proc/<pid> is gone once the child has exited; the child itself can, at its last moment.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on('exit', () => {
    writeFileSync(file, JSON.stringify(process.resourceUsage()));
  });
}

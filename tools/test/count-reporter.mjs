// A vitest reporter for `npm test`'s summary: writes {passed, failed, skipped} to the file named by
// ALLOY_TEST_COUNTS. Unlike the JSON reporter, it tells a test someone skipped (`it.skip`,
// `runIf(false)`: skipped) from one that was meant to run and never did because a hook before it
// failed (failed), and counts a file that could not load as one failure.
import { writeFileSync } from 'node:fs';
export default class CountReporter {
  onTestRunEnd(testModules, unhandledErrors) {
    const counts = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
    for (const module of testModules) {
      const tests = [...module.children.allTests()];
      if (tests.length === 0 && module.state() === 'failed') counts.failed += 1;
      for (const test of tests) {
        const { state } = test.result();
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else if (test.options.mode === 'skip' || test.options.mode === 'todo') counts.skipped += 1;
        else counts.failed += 1;
      }
    }
    if (process.env.ALLOY_TEST_COUNTS)
      writeFileSync(process.env.ALLOY_TEST_COUNTS, JSON.stringify(counts));
  }
}

// Which skipped tests CI counts as failed. The rule: under CI=true a test may skip only by the
// run's own choice, never because the machine lacks something CI could install.
// - vitest: every machine-dependent `runIf`/`skipIf` condition is a prerequisite
//   (tools/test/prerequisites.mjs), all required under CI=true, so such a skip cannot happen
//   there; what remains skips by the run's choice (the first start at full size, which has a
//   stage of its own).
// - pytest: a skip whose reason says something is missing (`pytest.importorskip`'s "could not
//   import", "No module named", "... not installed", "... not found") counts as failed.

/** Reasons that mean "install something and this test runs". */
export const REMOVABLE_REASON =
  /could not import|no module named|not installed|not found|is missing|unavailable/i;

/**
 * The skips in pytest's short summary (`-rs`: `SKIPPED [n] file:line: reason`) whose reason is
 * removable, as {count, where, reason}.
 */
export function removablePytestSkips(output) {
  const skips = [];
  for (const line of output.split('\n')) {
    const match = /^SKIPPED \[(\d+)\] ([^:]+:\d+): (.*)$/.exec(line.trim());
    if (match && REMOVABLE_REASON.test(match[3]))
      skips.push({ count: Number(match[1]), where: match[2], reason: match[3] });
  }
  return skips;
}

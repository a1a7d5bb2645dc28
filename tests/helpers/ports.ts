// Fixed ports of the tests that start a server, moved together by PILOTAGE_TEST_PORT_SHIFT so that several
// checkouts can run them at once on one machine (e.g. PILOTAGE_TEST_PORT_SHIFT=10 in a second worktree).
export function testPort(base: number): number {
  return base + Number(process.env.PILOTAGE_TEST_PORT_SHIFT ?? 0);
}

import { DEFAULT_FAULTS, runFaults } from '../../proof/faults/run-faults';
import { SCENARIOS } from '../../proof/faults/scenarios';

/**
 * `npm run faults` with a small number of calls: every call path (outbound, inbound, Studio-recorded,
 * transfers, hang-ups, duplicate starts, reloads, an excluded queue) through the Functions in twilio-run,
 * while the emulator injects 429s, 5xx, latency and 412s from concurrent writers.
 */
it('records every call path exactly once under injected faults', async () => {
  const report = await runFaults({ ...DEFAULT_FAULTS, calls: SCENARIOS.length * 4, seed: 1234 });
  expect(report.calls).toBe(SCENARIOS.length * 4);
  expect(Object.keys(report.scenarios).sort()).toEqual([...SCENARIOS].sort());
  expect(report.faults.injected429 + report.faults.injected5xx).toBeGreaterThan(0);
  expect(report.faults.conflicts412).toBeGreaterThan(0);
  expect({ duplicates: report.duplicates, missing: report.missing, lost: report.lostAttributeWrites, excluded: report.excludedRecorded }).toEqual({
    duplicates: 0,
    missing: 0,
    lost: 0,
    excluded: 0,
  });
  expect(report.recordedOnce).toBe(report.shouldRecord);
  expect(report.shouldRecord).toBeGreaterThan(0);
  // Hang-ups before the recording could start and rogue requests for excluded calls: refused, clearly.
  expect(report.refusedByCode).toMatchObject({ call_not_in_progress: expect.any(Number), recording_excluded: expect.any(Number) });
  expect(report.specViolations).toBe(0);
}, 60_000);

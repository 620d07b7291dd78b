import { bundledFunctions, runFuzz } from '../../proof/fuzz/run-fuzz';

/**
 * `npm run fuzz`: 1,000 malformed or hostile requests to every Function over HTTP through twilio-run.
 */
it('answers every hostile request with a 4xx, acts on none, and keeps serving', async () => {
  const report = await runFuzz({ requests: 1000, seed: 99, concurrency: 16 });
  expect(report.functions).toEqual(bundledFunctions());
  expect(report.functions).toEqual(expect.arrayContaining(['/recording/start', '/recording/status']));
  expect(report.requests).toBe(1000);
  expect(report.status4xx).toBe(1000);
  expect(report.status5xx).toBe(0);
  expect(report.otherStatus).toBe(0);
  // Our Functions answer with the contract's JSON error; only twilio-run's own body parser refuses
  // unparsable JSON (before any Function runs) with its own 400.
  expect(Object.keys(report.runtimeRefusals)).toEqual(report.jsonErrors === 1000 ? [] : ['400']);
  expect(report.jsonErrors + (report.runtimeRefusals['400'] ?? 0)).toBe(1000);
  expect(report.twilioRequestsMade).toBe(0);
  expect(report.servingAfter).toBe(true);
}, 60_000);

import { hostileKinds } from '../../proof/fuzz/hostile-requests';
import { bundledFunctions, runFuzz } from '../../proof/fuzz/run-fuzz';

/**
 * `npm run fuzz`: 1,000 malformed or hostile requests to every Function over HTTP through twilio-run, the
 * agent-facing ones inside the contract's JSON envelope (or attacking it: form bodies, query parameters,
 * `request` pollution, repeated or null Origin, versions, shapes, prototype keys).
 */
it('answers every hostile request with the refusal its kind is for, acts on none, and keeps serving', async () => {
  const report = await runFuzz({ requests: 1000, seed: 99, concurrency: 16 });
  expect(report.functions).toEqual(bundledFunctions());
  expect(report.functions).toEqual(expect.arrayContaining(['/recording/start', '/recording/status']));
  // Every kind of every Function was sent.
  expect(Object.keys(report.byKind).sort()).toEqual(report.functions.flatMap((path) => hostileKinds(path).map((kind) => `${path} ${kind}`)).sort());
  expect(report.requests).toBe(1000);
  // Each answer is the refusal its kind is for (the findings show the request and the answer otherwise).
  expect({ unexpectedAnswers: report.unexpectedAnswers, findings: report.findings }).toEqual({ unexpectedAnswers: 0, findings: [] });
  expect(report.status4xx).toBe(1000);
  expect(report.status5xx).toBe(0);
  expect(report.otherStatus).toBe(0);
  // The contract's JSON error for all, bodies the runtime cannot parse included (toolchain/serve-functions.ts).
  expect(report.jsonErrors).toBe(1000);
  expect(report.runtimeRefusals).toEqual({});
  expect(report.leaks).toBe(0);
  expect(report.twilioRequestsMade).toBe(0);
  expect(report.preAuthTokenChecks).toBe(0);
  expect(report.fuzzCallUntouched).toBe(true);
  expect(report.servingAfter).toBe(true);
}, 90_000);

/**
 * The recording status callback URL names the task it reports to: `<base>?TaskSid=WT…`. Twilio signs
 * the full URL it requests (query included), so the task SID a callback carries is as authentic as the
 * recording SID in its body: nobody without the account's auth token can point a callback at another task.
 */
export function statusCallbackUrlFor(baseUrl: string, taskSid: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('TaskSid', taskSid);
  return url.toString();
}

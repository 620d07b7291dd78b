import type { CoverageReport, CoverageRow } from './coverage-report';
import type { RecordingFacts } from './coverage-source';

/** One line per recording (a call without any gets one line with the recording columns empty). */
export const CSV_COLUMNS = [
  'ended_at',
  'task_sid',
  'outcome',
  'flagged',
  'reason',
  'customer_call_sids',
  'call_status',
  'call_seconds',
  'recording_sid',
  'recording_status',
  'channels',
  'duration_seconds',
  'paused_seconds',
  'recording_error_code',
] as const;

type Cell = string | number | boolean | undefined;

function lineCells(row: CoverageRow, recording: RecordingFacts | undefined): Cell[] {
  return [
    row.endedAt.toISOString(),
    row.taskSid,
    row.outcome,
    row.flagged,
    row.reason,
    row.customerCallSids.join(' '),
    row.callStatuses.join(' '),
    row.callSeconds,
    recording?.sid,
    recording?.status,
    recording?.channels,
    recording?.durationSeconds,
    // Never known: Twilio does not report paused time (see PAUSED_TIME_NOTE).
    undefined,
    recording?.errorCode,
  ];
}

function lines(report: CoverageReport): Cell[][] {
  return report.rows.flatMap((row) => (row.recordings.length === 0 ? [lineCells(row, undefined)] : row.recordings.map((recording) => lineCells(row, recording))));
}

/**
 * RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled. A text field that a
 * spreadsheet would run as a formula (= + - @ first) gets a leading apostrophe: reasons can come from task
 * attributes, which agents' browsers can write.
 */
export function csvField(value: Cell): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatCsv(report: CoverageReport): string {
  return [CSV_COLUMNS.join(','), ...lines(report).map((cells) => cells.map(csvField).join(','))].join('\r\n') + '\r\n';
}

export function formatJson(report: CoverageReport): string {
  return `${JSON.stringify(
    {
      from: report.from.toISOString(),
      to: report.to.toISOString(),
      generated_at: report.generatedAt.toISOString(),
      totals: snakeTotals(report),
      notes: report.notes,
      calls: report.rows.map((row) => ({
        task_sid: row.taskSid,
        ended_at: row.endedAt.toISOString(),
        end_event: row.endType,
        outcome: row.outcome,
        flagged: row.flagged,
        reason: row.reason ?? null,
        customer_call_sids: row.customerCallSids,
        call_statuses: row.callStatuses,
        call_seconds: row.callSeconds ?? null,
        recordings: row.recordings.map((recording) => ({
          sid: recording.sid,
          call_sid: recording.callSid,
          status: recording.status,
          channels: recording.channels,
          duration_seconds: recording.durationSeconds ?? null,
          paused_seconds: null,
          error_code: recording.errorCode ?? null,
          start_time: recording.startTime?.toISOString() ?? null,
        })),
      })),
    },
    null,
    2,
  )}\n`;
}

function snakeTotals(report: CoverageReport) {
  const t = report.totals;
  return {
    calls: t.calls,
    recorded: t.recorded,
    not_answered: t.notAnswered,
    excluded: t.excluded,
    missing: t.missing,
    unknown: t.unknown,
    flagged: t.flagged,
    recordings: t.recordings,
    complete_dual_recordings: t.completeDualRecordings,
    recorded_seconds: t.recordedSeconds,
    other_tasks: t.otherTasks,
    unreadable_tasks: t.unreadableTasks,
  };
}

/** For reading in a terminal: one line per call, its recordings indented under it, then the totals and notes. */
export function formatTable(report: CoverageReport): string {
  const out: string[] = [`Outbound calls that ended ${report.from.toISOString()} – ${report.to.toISOString()}`, ''];
  for (const row of report.rows) {
    const mark = row.flagged ? '✖' : row.outcome === 'recorded' ? '✔' : '–';
    out.push(`${mark} ${row.endedAt.toISOString()}  ${row.taskSid}  ${row.outcome}${row.reason ? `: ${row.reason}` : ''}`);
    out.push(`    customer call ${row.customerCallSids.join(' ') || '(none named)'}${row.callStatuses.length ? ` (${row.callStatuses.join(', ')})` : ''}${row.callSeconds === undefined ? '' : `, ${row.callSeconds} s`}`);
    for (const recording of row.recordings) {
      out.push(`    recording ${recording.sid}  ${recording.status}, ${recording.channels} channel(s), ${recording.durationSeconds === undefined ? 'no duration yet' : `${recording.durationSeconds} s`}${recording.errorCode ? `, error ${recording.errorCode}` : ''}`);
    }
  }
  if (report.rows.length === 0) out.push('(no outbound call ended in this range)');
  const t = report.totals;
  out.push(
    '',
    `Totals: ${t.calls} call(s): ${t.recorded} recorded (complete, dual-channel), ${t.notAnswered} not answered, ${t.excluded} excluded by policy, ${t.missing} missing, ${t.unknown} unknown`,
    `        ${t.flagged} flagged (✖); ${t.completeDualRecordings} of ${t.recordings} recording(s) complete dual-channel, ${t.recordedSeconds} s of audio; ${t.otherTasks} other task(s) not reported`,
    '',
    ...report.notes.map((note) => `Note: ${note}`),
  );
  return `${out.join('\n')}\n`;
}

/** One line for stderr after a CSV report (the CSV itself holds only rows). */
export function totalsLine(report: CoverageReport): string {
  const t = report.totals;
  return `${t.calls} call(s): ${t.recorded} recorded, ${t.notAnswered} not answered, ${t.excluded} excluded, ${t.missing} missing, ${t.unknown} unknown (${t.flagged} flagged)`;
}

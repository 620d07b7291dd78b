/** What a check found, printed one per line with the fix underneath. */
export type Severity = 'ok' | 'info' | 'warn' | 'block' | 'skip';

export interface Finding {
  severity: Severity;
  message: string;
  /** What to do about it: required for 'warn' and 'block', so nobody is left with a bare complaint. */
  fix?: string;
}

export interface Writer {
  write(text: string): void;
}

const MARKS: Record<Severity, string> = { ok: '✔', info: '•', warn: '!', block: '✖', skip: '–' };

export function formatFinding(finding: Finding): string {
  const lines = [`  ${MARKS[finding.severity]} ${finding.message}`];
  if (finding.fix) lines.push(...finding.fix.split('\n').map((line, index) => `      ${index === 0 ? 'fix: ' : '     '}${line}`));
  return lines.join('\n');
}

export function printSection(out: Writer, title: string, findings: readonly Finding[]): void {
  out.write(`\n${title}\n`);
  for (const finding of findings) out.write(`${formatFinding(finding)}\n`);
}

export function blocking(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.severity === 'block');
}

/** Quotes an argument for display the way a POSIX shell would need it, so printed commands can be pasted. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

import * as React from 'react';

/**
 * Flex's string templates (internal-flex-commons Template / templates / initWithStrings): every string in
 * `manager.strings` is compiled with Handlebars into `templates[key]`; `<Template code="Key" name="x" />`
 * renders `templates.Key(props)` as HTML in a `<span className="Twilio">` (a `<div>` when the output
 * starts with a tag), or the escaped code itself when no such template exists. Handlebars escapes
 * `{{value}}`; Flex refuses triple-stash `{{{value}}}` templates ("UNSAFE template: Key").
 * The stand-in compiles `{{ name }}` only: the project's strings use nothing more.
 */
export type CompiledTemplate = (context?: Record<string, unknown>) => string;

export const templates: Record<string, CompiledTemplate> = {};

const UNSAFE = /{{{\s*\S+\s*}}}/;

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/`/g, '&#x60;').replace(/=/g, '&#x3D;');
}

export function initWithStrings(strings: Record<string, unknown>): void {
  for (const [key, source] of Object.entries(strings)) {
    if (typeof source !== 'string') continue;
    templates[key] = UNSAFE.test(source)
      ? () => `UNSAFE template: ${key}`
      : (context = {}) =>
          source.replace(/{{\s*([A-Za-z0-9_.]+)\s*}}/g, (_match, name: string) => {
            const value = context[name];
            return value === undefined || value === null ? '' : escapeHtml(String(value));
          });
  }
}

export function resetTemplates(): void {
  for (const key of Object.keys(templates)) delete templates[key];
}

export interface TemplateProps {
  className?: string;
  source?: CompiledTemplate;
  code?: string;
  // Template context values are free-form, as in Flex's TemplateProps.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [contextProps: string]: any;
}

export function Template(props: TemplateProps): JSX.Element {
  const { source, code, className = 'Twilio', ...context } = props;
  const compiled = source ?? (code === undefined ? undefined : templates[code]);
  const html = compiled ? compiled(context) : escapeHtml(code ?? '');
  return html.startsWith('<')
    ? React.createElement('div', { className, dangerouslySetInnerHTML: { __html: html } })
    : React.createElement('span', { className, dangerouslySetInnerHTML: { __html: html } });
}

/**
 * Reading what the Twilio CLI printed. `.twiliodeployinfo` (written by the Serverless Toolkit) only holds
 * the service and build SIDs, not the domain, so the domain comes from the deploy's own output:
 * `twilio serverless:deploy -o json` prints `{ "domain": ..., "serviceSid": ..., ... }` on stdout
 * (twilio-run's printJsonDeployedResources) while its log and spinner go to stderr. The plain-text
 * (`domain  <name>` in the deploymentInfo table) and pretty (`Domain: <name>`) layouts are read too, so a
 * toolkit that ignores `-o json` still works.
 */

// Matches ANSI colour/style sequences (the CLIs colour their output when they think it is a terminal).
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

/**
 * A Twilio Functions domain: `<service>-<digits>[-<environment>].twil.io`, all lower case. Anything else
 * read from the output (a URL, a path, a console link) is refused rather than wired into the plugin.
 */
export function isFunctionsDomain(value: string): boolean {
  if (value.length > 253 || !value.endsWith('.twil.io')) return false;
  const labels = value.split('.');
  return labels.length >= 3 && labels.every((label) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label));
}

export function parseDeployedDomain(stdout: string): string | undefined {
  const text = stripAnsi(stdout);
  const fromJson = domainFromJson(text);
  if (fromJson !== undefined) return fromJson;
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*domain:?\s+(\S+)\s*$/i.exec(line);
    if (match && isFunctionsDomain(match[1] as string)) return match[1];
  }
  return undefined;
}

function domainFromJson(text: string): string | undefined {
  // The JSON document is the last thing printed; anything before it (a CLI update notice) is skipped.
  for (let start = text.indexOf('{'); start !== -1; start = text.indexOf('{', start + 1)) {
    const end = text.lastIndexOf('}');
    if (end <= start) return undefined;
    try {
      const parsed: unknown = JSON.parse(text.slice(start, end + 1));
      if (typeof parsed === 'object' && parsed !== null && 'domain' in parsed) {
        const domain = (parsed as { domain: unknown }).domain;
        return typeof domain === 'string' && isFunctionsDomain(domain) ? domain : undefined;
      }
    } catch {
      // not a JSON document starting here; try the next brace
    }
  }
  return undefined;
}

const SEMVER = String.raw`\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?`;

/**
 * `twilio flex:plugins:deploy` ends with
 * `🚀 Plugin (private) **plugin-name**@**1.2.3** was successfully deployed using Plugins API`
 * and a suggested `twilio flex:plugins:release --plugin plugin-name@1.2.3 ...` (the `**` are its
 * markdown for bold, coloured or left as is). The success line is preferred; the suggestion is read if
 * the wording changes.
 */
export function parseDeployedPluginVersion(output: string, pluginName: string): string | undefined {
  const text = stripAnsi(output).replace(/\*\*/g, '');
  const name = pluginName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const success = new RegExp(`${name}@(${SEMVER}) was successfully deployed`).exec(text);
  if (success) return success[1];
  const suggestion = new RegExp(`--plugin ${name}@(${SEMVER})`).exec(text.replace(/\\-/g, '-'));
  return suggestion ? suggestion[1] : undefined;
}

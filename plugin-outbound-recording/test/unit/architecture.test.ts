/**
 * The shape the code keeps (issue "A house a newcomer can live in"): the plugin's folders depend on each other
 * without cycles, and no file of one workspace reaches into another workspace's source by a relative path
 * (the contract and friends are imported by name: `plugin-outbound-recording/contract`, ...).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve, sep } from 'node:path';

const PLUGIN = resolve(__dirname, '..', '..');
const REPO = resolve(PLUGIN, '..');
const IMPORT = /(?:from|import|require\()\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'build' || name === 'dist' || name.startsWith('.')) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}

function relativeImports(file: string): string[] {
  return Array.from(readFileSync(file, 'utf8').matchAll(IMPORT), (match) => normalize(join(dirname(file), match[1])));
}

describe('architecture', () => {
  it("has no import cycle between the plugin's src folders", () => {
    const src = join(PLUGIN, 'src');
    const folderOf = (path: string) => relative(src, path).split(sep)[0] ?? '';
    const edges = new Map<string, Set<string>>();
    for (const file of sourceFiles(src)) {
      for (const target of relativeImports(file)) {
        const from = folderOf(file);
        const to = folderOf(target);
        if (from !== to && !to.startsWith('..')) edges.set(from, new Set([...(edges.get(from) ?? []), to]));
      }
    }
    const reaches = (start: string): Set<string> => {
      const seen = new Set<string>();
      const stack = [start];
      while (stack.length > 0) for (const next of edges.get(stack.pop() as string) ?? []) if (!seen.has(next)) stack.push(next), seen.add(next);
      return seen;
    };
    expect(Array.from(edges.keys()).filter((folder) => reaches(folder).has(folder))).toEqual([]);
    expect(edges.size).toBeGreaterThan(3);
  });

  it('has no relative import from one workspace into another', () => {
    const workspaces = ['plugin-outbound-recording', 'serverless'].map((name) => join(REPO, name));
    const crossing: string[] = [];
    for (const workspace of workspaces) {
      for (const file of sourceFiles(workspace)) {
        for (const target of relativeImports(file)) {
          if (!target.startsWith(workspace + sep)) crossing.push(`${relative(REPO, file)} -> ${relative(REPO, target)}`);
        }
      }
    }
    expect(crossing).toEqual([]);
  });
});

/** @jest-environment jsdom */
import { act, render } from '@testing-library/react';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as React from 'react';

/**
 * The plugin bundle's stand-ins for parts of Paste it never uses (webpack.config.js): they must give the
 * bundled Paste packages exactly what those read.
 */

// jsdom has no matchMedia; Paste's reduced-motion hook (kept in the stand-in) looks it up when loaded.
const mediaListeners: Array<() => void> = [];
const reducedMotionQuery = { matches: false, addListener: (listener: () => void) => mediaListeners.push(listener), removeListener: jest.fn() };
window.matchMedia = jest.fn(() => reducedMotionQuery) as unknown as typeof window.matchMedia;

/* eslint-disable @typescript-eslint/no-var-requires */
const deprecatedTokensLoader = require('../../toolchain/paste-deprecated-tokens-loader.js') as (source: string) => string;
const animation = require('../../toolchain/paste-animation-stub.js') as {
  useReducedMotion: () => boolean;
  Globals: { skipAnimation: boolean; assign: (config: Record<string, unknown>) => void };
  useSpring: (props: Record<string, unknown>) => Record<string, unknown>;
  animated: <P>(component: React.ComponentType<P> | string) => React.ComponentType<P & { style?: Record<string, unknown> }>;
  toDomStyle: (style: Record<string, unknown> | undefined) => Record<string, unknown> | undefined;
};
/* eslint-enable @typescript-eslint/no-var-requires */

const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/** Every @twilio-paste package the plugin bundles: its Paste dependencies and theirs, as webpack resolves them (ESM builds). */
function bundledPastePackages(): Map<string, string> {
  const own = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const sources = new Map<string, string>();
  const pending = Object.keys(own.dependencies).filter((name) => name.startsWith('@twilio-paste/'));
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (sources.has(name) || name === '@twilio-paste/animation-library' || name === '@twilio-paste/color-contrast-utils') continue;
    const manifest = JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { module?: string };
    if (manifest.module === undefined) continue; // design tokens and icons: no imports of Paste libraries
    const source = readFileSync(join(packageDir(name), manifest.module), 'utf8');
    sources.set(name, source);
    for (const match of source.matchAll(/from\s*"(@twilio-paste\/[a-z-]+)"/g)) pending.push(match[1]);
  }
  return sources;
}

describe('raw design tokens (style-props)', () => {
  it('keeps exactly the deprecated tokens style-props lists, with the fields it reads', () => {
    const rawPath = join(packageDir('@twilio-paste/design-tokens'), 'dist', 'tokens.raw.json');
    const source = readFileSync(rawPath, 'utf8');
    type Raw = { props: Record<string, { name: string; deprecated?: boolean }> };
    // What @twilio-paste/style-props computes at load time (before its camelCase of each name).
    const deprecatedNames = (raw: Raw) =>
      Object.values(raw.props)
        .filter((token) => token.deprecated)
        .map((token) => token.name);
    const full = JSON.parse(source) as Raw;
    const trimmed = deprecatedTokensLoader(source);

    expect(deprecatedNames(JSON.parse(trimmed) as Raw)).toEqual(deprecatedNames(full));
    expect(deprecatedNames(full).length).toBeGreaterThan(0);
    expect(trimmed.length).toBeLessThan(source.length / 10);
  });

  it('is still read by style-props for that list only', () => {
    const styleProps = readFileSync(join(packageDir('@twilio-paste/style-props'), 'dist', 'index.es.js'), 'utf8');
    const uses = styleProps.match(/RawJSON[.\w]*/g) ?? [];
    expect(new Set(uses)).toEqual(new Set(['RawJSON', 'RawJSON.props']));
  });
});

describe('animation library stand-in', () => {
  it('exports everything the bundled Paste packages import from the animation library, and `animated` only as a function', () => {
    const supported = new Set(Object.keys(animation));
    const imports: string[] = [];
    for (const [name, source] of bundledPastePackages()) {
      for (const match of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*"@twilio-paste\/animation-library"/g)) {
        for (const specifier of match[1].split(',')) imports.push(`${name}: ${specifier.trim().split(/\s+as\s+/)[0]}`);
        expect(source).not.toMatch(/\banimated\.[a-z]/);
      }
    }
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((entry) => !supported.has(entry.split(': ')[1]))).toEqual([]);
  });

  it('puts a spring at its goal, without its options (react-spring with animations skipped)', () => {
    let style: Record<string, unknown> = {};
    function Probe({ hovered }: { hovered: boolean }) {
      style = animation.useSpring({ translateX: hovered ? '4px' : '0px', config: { mass: 0.1, tension: 275, friction: 16 } });
      return null;
    }
    const { rerender } = render(<Probe hovered={false} />);
    expect(style).toEqual({ translateX: '0px' });
    rerender(<Probe hovered />);
    expect(style).toEqual({ translateX: '4px' });
    expect(animation.useSpring({ to: { opacity: 1 }, from: { opacity: 0 } })).toEqual({ opacity: 1 });
  });

  it('writes react-spring transform shorthands out as a transform', () => {
    expect(animation.toDomStyle({ translateX: '4px', color: 'red' })).toEqual({ color: 'red', transform: ' translateX(4px)' });
    expect(animation.toDomStyle({ translateX: '0px' })).toEqual({ transform: 'none' });
    expect(animation.toDomStyle({ x: 10, scale: 2, rotate: 45 })).toEqual({ transform: ' translate3d(10px,0,0) scale(2) rotate(45deg)' });
    expect(animation.toDomStyle(undefined)).toBeUndefined();

    const Animated = animation.animated((props: { style?: React.CSSProperties; children?: React.ReactNode }) => <span style={props.style}>{props.children}</span>);
    const { container } = render(<Animated style={{ translateX: '4px' }}>→</Animated>);
    expect((container.firstChild as HTMLElement).style.transform).toBe('translateX(4px)');
  });

  it("keeps Paste's reduced-motion hook and the global settings the providers assign", () => {
    const query = reducedMotionQuery;
    let reduced: boolean | undefined;
    function Probe() {
      reduced = animation.useReducedMotion();
      return null;
    }
    const { unmount } = render(<Probe />);
    expect(window.matchMedia).toHaveBeenCalledWith('(prefers-reduced-motion: reduce)');
    expect(reduced).toBe(false);
    query.matches = true;
    act(() => mediaListeners.forEach((listener) => listener()));
    expect(reduced).toBe(true);
    unmount();
    expect(query.removeListener).toHaveBeenCalled();

    animation.Globals.assign({ skipAnimation: false });
    expect(animation.Globals.skipAnimation).toBe(false);
  });
});

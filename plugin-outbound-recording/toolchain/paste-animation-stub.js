// Stands in for @twilio-paste/animation-library (react-spring 9, about 49 KB minified / 18 KB gzip) in the
// plugin bundle (see webpack.config.js). The Paste packages this plugin bundles import four things from it:
//   - theme, customization: `useReducedMotion` and `Globals.assign({ skipAnimation })`, which configures
//     react-spring's animation loop for the springs below; with no spring engine there is nothing to configure.
//   - button: `useSpring` and `animated(Box)`, for one thing only: the arrow that slides 4px on hover in a
//     Button rendered as a link (`as="a"`, `href`, text children). This plugin's buttons (pause/resume, Retry)
//     are plain buttons, so that element is never rendered; the hook still runs on every render.
// Here springs are where react-spring puts them when animations are skipped (the agent's "reduce motion"
// setting): at their goal at once. `animated(Component)` renders Component with the goal style, with
// react-spring's transform shorthands (x, y, z, translateX, scale, rotate, ...) written out as `transform`.
// Anything else Paste might import from the library is left out on purpose: webpack's strictExportPresence
// then fails the build, instead of a component animating differently unnoticed.
import * as React from 'react';

// Paste's own hook (animation-library/src/useReducedMotion), unchanged in behaviour.
const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';
const isRenderingOnServer = typeof window === 'undefined' || !window.location || !window.location.href || !window.matchMedia;
const getMediaQueryList = () =>
  isRenderingOnServer ? { matches: true, addListener: () => {}, removeListener: () => {} } : window.matchMedia(REDUCED_MOTION_QUERY);

export function useReducedMotion() {
  const [prefersReducedMotion, setPrefersReducedMotion] = React.useState(getMediaQueryList().matches);
  React.useEffect(() => {
    const mediaQueryList = getMediaQueryList();
    const handleChange = () => setPrefersReducedMotion(mediaQueryList.matches);
    mediaQueryList.addListener(handleChange);
    return () => mediaQueryList.removeListener(handleChange);
  }, []);
  return prefersReducedMotion;
}

/** react-spring's global configuration: kept (and readable), though no animation loop reads it here. */
export const Globals = {
  skipAnimation: true,
  assign(config) {
    Object.assign(Globals, config);
  },
};

const SPRING_OPTIONS = ['from', 'to', 'config', 'delay', 'immediate', 'reset', 'reverse', 'pause', 'cancel', 'loop', 'ref', 'default', 'keys'];

/** The spring's goal values: react-spring's `useSpring({ ...values, config })` once an animation is skipped. */
export function useSpring(props) {
  const resolved = typeof props === 'function' ? props() : props;
  const goal = {};
  Object.keys(resolved || {}).forEach((key) => {
    if (SPRING_OPTIONS.indexOf(key) === -1 && !/^on[A-Z]/.test(key)) goal[key] = resolved[key];
  });
  if (resolved && resolved.to && typeof resolved.to === 'object') Object.assign(goal, resolved.to);
  return goal;
}

// react-spring/web AnimatedStyle: transform shorthands and their default units.
const DOM_TRANSFORMS = /^(matrix|translate|scale|rotate|skew)/;
const PX_TRANSFORMS = /^(translate)/;
const DEG_TRANSFORMS = /^(rotate|skew)/;
const addUnit = (value, unit) => (typeof value === 'number' && value !== 0 ? value + unit : value);
const isIdentity = (value, id) =>
  Array.isArray(value) ? value.every((v) => isIdentity(v, id)) : typeof value === 'number' ? value === id : parseFloat(value) === id;

export function toDomStyle(style) {
  if (style == null) return style;
  const { x, y, z, ...rest } = style;
  const parts = [];
  let identity = true;
  const add = (text, isId) => {
    parts.push(text);
    identity = identity && isId;
  };
  if (x || y || z) {
    const xyz = [x || 0, y || 0, z || 0];
    add(`translate3d(${xyz.map((v) => addUnit(v, 'px')).join(',')})`, isIdentity(xyz, 0));
  }
  Object.keys(rest).forEach((key) => {
    const value = rest[key];
    if (key === 'transform') {
      add(value || '', (value || '') === '');
    } else if (DOM_TRANSFORMS.test(key)) {
      delete rest[key];
      if (value === undefined) return;
      const unit = PX_TRANSFORMS.test(key) ? 'px' : DEG_TRANSFORMS.test(key) ? 'deg' : '';
      const input = Array.isArray(value) ? value : [value];
      if (key === 'rotate3d') {
        const [rx, ry, rz, deg] = input;
        add(`rotate3d(${rx},${ry},${rz},${addUnit(deg, unit)})`, isIdentity(deg, 0));
      } else {
        add(`${key}(${input.map((v) => addUnit(v, unit)).join(',')})`, isIdentity(input, key.indexOf('scale') === 0 ? 1 : 0));
      }
    }
  });
  if (parts.length > 0) rest.transform = identity ? 'none' : ` ${parts.join(' ')}`;
  return rest;
}

/** `animated(Component)`: Component, its `style` with the transform shorthands written out. */
export function animated(Component) {
  const Animated = React.forwardRef((props, ref) => React.createElement(Component, { ...props, style: toDomStyle(props.style), ref }));
  Animated.displayName = `Animated(${typeof Component === 'string' ? Component : Component.displayName || Component.name || 'Component'})`;
  return Animated;
}

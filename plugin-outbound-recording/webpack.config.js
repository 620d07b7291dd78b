/**
 * flex-plugin-scripts calls this with its webpack configuration (see @twilio/flex-dev-utils paths.app.webpackConfigPath).
 *
 * Flex UI 2.x does not share its own Paste or Emotion with plugins: its webpack externals (and the globals
 * Flex sets on window) are React, ReactDOM, Redux and React-Redux only, so the plugin bundles its Paste
 * components with their Emotion. What Flex does give is the theme: `Flex.setProviders({ PasteThemeProvider })`
 * renders plugin content inside the plugin's own CustomizationProvider with `baseTheme` "default" (light) or
 * "dark" and Flex's token overrides. What the plugin renders (Badge, a plain secondary Button,
 * ScreenReaderOnly) needs nothing more, so four parts of Paste that it never uses are kept out of the
 * agent's browser. Each is bundle-only (jest and the agent desk load Paste as published) and leaves what the
 * plugin renders unchanged. Measured effect: README "Bundle size".
 *
 * 1. Theme token sets. Paste's theme package bundles the tokens of six themes. Flex only ever asks for
 *    "default" or "dark", so the other four (sendgrid, evergreen, twilio, twilio-dark) are swapped for the
 *    matching light or dark set, the values a plugin would show for them anyway.
 * 2. The contrast audit (toolchain/paste-contrast-check-stub.js). The theme package imports
 *    @twilio-paste/color-contrast-utils only for useThemeContrastCheck, a design-time audit no plugin
 *    component calls; the stub throws if anything ever does.
 * 3. Raw design tokens (toolchain/paste-deprecated-tokens-loader.js). @twilio-paste/style-props reads
 *    tokens.raw.json (160 KB) for one list, the names of deprecated tokens its development-time prop checks
 *    warn about. The loader keeps exactly those entries of the installed file, so the list is identical.
 * 4. The animation library (toolchain/paste-animation-stub.js). react-spring (18 KB gzip) is imported by the
 *    theme and customization providers (reduced-motion setting for the spring loop) and by Button, only to
 *    slide the arrow of a Button rendered as a link, which this plugin never renders. The stub keeps Paste's
 *    reduced-motion hook and puts springs at their goal at once (react-spring's own skip-animation
 *    behaviour). It exports only what the bundled Paste packages import: webpack's strictExportPresence
 *    (set by flex-plugin-webpack) fails the build if a Paste upgrade or a new component needs more.
 */
const path = require('path');

const TOKENS = path.dirname(require.resolve('@twilio-paste/design-tokens/package.json'));
const REPLACEMENTS = { sendgrid: 'default', evergreen: 'default', twilio: 'default', 'twilio-dark': 'dark' };
const TOOLCHAIN = path.join(__dirname, 'toolchain');

module.exports = (config) => {
  const { webpack } = require('@twilio/flex-plugin-webpack');
  // 1. Theme token sets.
  config.plugins.push(
    new webpack.NormalModuleReplacementPlugin(/@twilio-paste[\\/]design-tokens[\\/]dist[\\/]themes[\\/]([a-z-]+)[\\/]tokens\.(es6|common)/, (resource) => {
      const [, theme, flavour] = resource.request.match(/themes[\\/]([a-z-]+)[\\/]tokens\.(es6|common)/) || [];
      const target = REPLACEMENTS[theme];
      if (target === undefined) return;
      resource.request = target === 'default' ? path.join(TOKENS, 'dist', `tokens.${flavour}.js`) : path.join(TOKENS, 'dist', 'themes', target, `tokens.${flavour}.js`);
    }),
  );
  // 2. The contrast audit.
  config.plugins.push(
    new webpack.NormalModuleReplacementPlugin(/^@twilio-paste\/color-contrast-utils$/, path.join(TOOLCHAIN, 'paste-contrast-check-stub.js')),
  );
  // 3. Raw design tokens: only the deprecated ones (a top-level rule, so JSON parsing stays webpack's own).
  config.module.rules.push({
    test: /[\\/]tokens\.raw\.json$/,
    include: path.join(TOKENS, 'dist'),
    use: [path.join(TOOLCHAIN, 'paste-deprecated-tokens-loader.js')],
  });
  // 4. The animation library.
  config.plugins.push(
    new webpack.NormalModuleReplacementPlugin(/^@twilio-paste\/animation-library$/, path.join(TOOLCHAIN, 'paste-animation-stub.js')),
  );
  return config;
};

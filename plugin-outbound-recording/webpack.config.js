/**
 * flex-plugin-scripts calls this with its webpack configuration (see @twilio/flex-dev-utils paths.app.webpackConfigPath).
 *
 * Paste's theme package bundles the design tokens of six themes. Flex UI 2.x gives plugins only a light
 * (default) or dark base theme, so the tokens of the others are swapped for the matching light or dark
 * ones: the same values a plugin would show for them anyway. And the theme package's design-time
 * contrast audit (useThemeContrastCheck, never called here) is replaced by a stub, which keeps all of
 * Paste's raw design tokens out of the agent's browser. Measured effect: README "Bundle size".
 */
const path = require('path');

const TOKENS = path.dirname(require.resolve('@twilio-paste/design-tokens/package.json'));
const REPLACEMENTS = { sendgrid: 'default', evergreen: 'default', twilio: 'default', 'twilio-dark': 'dark' };

module.exports = (config) => {
  const { webpack } = require('@twilio/flex-plugin-webpack');
  config.plugins.push(
    new webpack.NormalModuleReplacementPlugin(/@twilio-paste[\\/]design-tokens[\\/]dist[\\/]themes[\\/]([a-z-]+)[\\/]tokens\.(es6|common)/, (resource) => {
      const [, theme, flavour] = resource.request.match(/themes[\\/]([a-z-]+)[\\/]tokens\.(es6|common)/) || [];
      const target = REPLACEMENTS[theme];
      if (target === undefined) return;
      resource.request = target === 'default' ? path.join(TOKENS, 'dist', `tokens.${flavour}.js`) : path.join(TOKENS, 'dist', 'themes', target, `tokens.${flavour}.js`);
    }),
  );
  config.plugins.push(
    new webpack.NormalModuleReplacementPlugin(/^@twilio-paste\/color-contrast-utils$/, path.join(__dirname, 'toolchain', 'paste-contrast-check-stub.js')),
  );
  return config;
};

// Stands in for @twilio-paste/color-contrast-utils in the plugin bundle (see webpack.config.js). Paste's
// theme package imports it only for useThemeContrastCheck, a design-time audit no plugin component calls;
// the real module brings all of Paste's raw design tokens (about 215 KB) with it.
const unavailable = () => {
  throw new Error('Paste contrast checks are not bundled in this plugin');
};
export const getContrastRatingsOfTokensWithTextContrastRequirements = unavailable;
export const getContrastRatingsOfTokensWithUIControlContrastRequirements = unavailable;
export const getNumberOfTextFailures = unavailable;
export const getNumberOfUIControlFailures = unavailable;

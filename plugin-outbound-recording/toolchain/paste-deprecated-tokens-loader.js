// Webpack loader for @twilio-paste/design-tokens/dist/tokens.raw.json in the plugin bundle (see
// webpack.config.js). With the contrast audit stubbed, the only importer left is @twilio-paste/style-props,
// which reads one thing from it, at load time:
//   Object.values(RawJSON.props).filter((token) => token.deprecated).map((token) => camelCase(token.name))
// (the list its development-time prop checks warn about). This keeps exactly those entries, with the two
// fields read, from the installed file, so the list is the same by construction; everything else in the
// 160 KB file (every token's value, comments, aliases) is never read and stays out of the agent's browser.
module.exports = function pasteDeprecatedTokens(source) {
  const raw = JSON.parse(source);
  const props = {};
  for (const [key, token] of Object.entries(raw.props || {})) {
    if (token && token.deprecated) props[key] = { name: token.name, deprecated: token.deprecated };
  }
  return JSON.stringify({ props });
};

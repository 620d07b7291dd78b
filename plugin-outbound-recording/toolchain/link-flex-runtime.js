// flex-plugin build reads react, react-dom and @twilio/flex-ui from the plugin's own node_modules,
// but npm workspaces hoist them to the root. Link the hoisted copies back (idempotent).
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const pluginModules = path.join(root, 'plugin-outbound-recording', 'node_modules');
for (const name of ['react', 'react-dom', '@twilio/flex-ui']) {
  const hoisted = path.join(root, 'node_modules', name);
  const local = path.join(pluginModules, name);
  if (!fs.existsSync(hoisted)) continue; // not installed (e.g. production install of the Functions only)
  if (fs.existsSync(local)) continue; // npm placed (or we linked) a copy already
  fs.mkdirSync(path.dirname(local), { recursive: true });
  fs.symlinkSync(path.relative(path.dirname(local), hoisted), local, 'dir');
}

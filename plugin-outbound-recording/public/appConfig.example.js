// Configuration for running this plugin locally with `flex-plugin start` (copy to appConfig.js).
// Not needed by `npm run build`. Note: `flex-plugin start` loads Flex UI from Twilio's CDN, so it needs network.
var appConfig = {
  pluginService: {
    enabled: true,
    url: '/plugins',
  },
  ytica: false,
  logLevel: 'info',
  showSupervisorDesktopView: true,
};

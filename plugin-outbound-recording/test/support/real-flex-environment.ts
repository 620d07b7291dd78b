/**
 * jest setup for suites on the real Flex UI runtime (jsdom): what a browser has and jsdom lacks, and the
 * network guard. See dev/real-flex/README.md.
 */
import { guardNetwork } from '../../dev/real-flex/network-guard';

// Flex creates `new Audio()` and plays its ringtone at import: jsdom's media elements do nothing and return undefined.
window.HTMLMediaElement.prototype.play = function play() {
  return Promise.resolve();
};
window.HTMLMediaElement.prototype.pause = () => undefined;
window.HTMLMediaElement.prototype.load = () => undefined;
guardNetwork(window as unknown as Parameters<typeof guardNetwork>[0]);

// Jest transformer for the Flex UI bundle only: exposes its webpack require (see flex-bundle-patch.js).
'use strict';
const crypto = require('crypto');
const { exposeWebpackRequire } = require('./flex-bundle-patch');

module.exports = {
  process(source) {
    return { code: exposeWebpackRequire(source) };
  },
  getCacheKey(source) {
    return crypto.createHash('sha1').update('flex-bundle-patch-1').update(source).digest('hex');
  },
};

/**
 * Puppeteer must never download its own browser: this machine (and most servers
 * that run the bot) reach only the npm registry. WhatsApp uses the system Chromium
 * named by WHATSAPP_CHROMIUM_PATH instead.
 */
module.exports = { skipDownload: true };

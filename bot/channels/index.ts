import type { Config } from '../../core/config.js';
import type { Channel } from '../../worker/queues.js';
import { smsEnabled } from './sms/start-sms.js';
import { telegramSettingsFromConfig } from './telegram/start-telegram.js';
import { whatsAppSettingsFromConfig } from './whatsapp/start-whatsapp.js';

/**
 * Every channel the bot speaks, one line each. Adding a channel is a new folder
 * under `bot/channels/<name>/` (adapter.ts, adapter.test.ts, fixtures/, sender.ts, a
 * starter) and one line here; nothing registers itself by being imported.
 */

/** One entry of {@link CHANNELS}. */
export interface ChannelEntry {
  readonly channel: Channel;
  /** What it is and how it is turned on, for logs and operators. */
  readonly summary: string;
  /** Whether the configuration turns it on in the server process (`npm start`, `npm run bot`). */
  enabled(config: Config): boolean;
}

/** The channels, in the order the app starts them. */
export const CHANNELS: readonly ChannelEntry[] = [
  { channel: 'telegram', summary: 'Telegram bot (telegraf): TELEGRAM_BOT_TOKEN; webhook when TELEGRAM_WEBHOOK_URL is set', enabled: (c) => telegramSettingsFromConfig(c) !== null },
  { channel: 'whatsapp', summary: 'WhatsApp (whatsapp-web.js on WHATSAPP_CHROMIUM_PATH): WHATSAPP_ENABLED; pair at /admin/whatsapp/qr', enabled: (c) => whatsAppSettingsFromConfig(c) !== null },
  { channel: 'sms', summary: 'SMS through an HTTP gateway: SMS_GATEWAY_URL + SMS_WEBHOOK_SECRET; webhooks /channels/sms/inbound and /channels/sms/status', enabled: smsEnabled },
  { channel: 'terminal', summary: 'local chat for trying the flow: npm run chat (never started by the server)', enabled: () => false },
];

/** The channels the configuration turns on. */
export function enabledChannels(config: Config): ChannelEntry[] {
  return CHANNELS.filter((entry) => entry.enabled(config));
}

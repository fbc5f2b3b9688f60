/**
 * Runs a FakeTelegram in a process of its own, the way the real Bot API is another
 * machine: its clock and event loop are not the sender's, so its counts are not
 * skewed by pauses of the process under test. Prints `listening <apiRoot>` once ready.
 * Options come as JSON in argv[2].
 */
import { FakeTelegram, type FakeTelegramOptions } from './fake-telegram.js';

const options = JSON.parse(process.argv[2] ?? '{}') as FakeTelegramOptions;
const fake = await FakeTelegram.start(options);
process.stdout.write(`listening ${fake.apiRoot}\n`);
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));

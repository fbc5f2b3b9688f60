/**
 * The officer desk: officers (OPD liaisons, coordinating admins) work their reports
 * from the same chat bot as citizens. Wire it in front of the citizen runtime with
 * {@link createInboundRouter} and hand the router to the channel starters.
 *
 * @example
 * const desk = createOfficerDesk({ db, redis, redisPrefix, notifications });
 * const router = createInboundRouter({ citizens: runtime, desk });
 * await startTelegram({ ...deps, runtime: router });
 */
export { createOfficerDesk, type OfficerDesk, type OfficerDeskDeps } from './desk.js';
export { createInboundRouter, type InboundRouterDeps } from './router.js';
export { createActiveOfficerCache, type ActiveOfficerCache, type ActiveOfficerCacheOptions } from './officer-cache.js';
export { DESK_ACTIONS, parseCommand, type DeskAction, type DeskCommand } from './commands.js';

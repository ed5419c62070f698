/**
 * Input limits of the fleet size, said plainly (the schema's 1..10,000 with its reasons): the
 * fleet panel validates typed text with it before the plan store sees it.
 */
import { MAX_FLEET_SERVERS } from './schema';

/** A clear message for a fleet size outside 1..10,000 (the schema's limits), or null. */
export function fleetSizeProblem(servers: number, backupServers = 0): string | null {
  if (!Number.isFinite(servers) || !Number.isInteger(servers)) return 'The fleet size is a whole number of servers.';
  if (servers < 1) {
    return backupServers > 0
      ? `A fleet needs at least 1 primary server: the ${backupServers} backup server${backupServers === 1 ? '' : 's'} serve only while every primary is down, so a backup-only group is not a plan.`
      : 'A fleet needs at least 1 server: with 0 nothing serves the load.';
  }
  if (servers > MAX_FLEET_SERVERS) {
    return `At most ${MAX_FLEET_SERVERS.toLocaleString('en-US')} servers per plan: above that, split the fleet (regions, shards) and plan each part.`;
  }
  return null;
}

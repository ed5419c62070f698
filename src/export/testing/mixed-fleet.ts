/**
 * A fleet of mixed server kinds for the export tests (issue 7): 4 main servers (16 cores, weight 2)
 * and 2 "old" 8-core servers (weight 1), least_conn, 1 backup.
 */
import type { PlanInput } from '../../plan/schema';

export const MIXED_FLEET: PlanInput = {
  name: 'Mixed fleet',
  hardware: { physicalCores: 16, hardwareThreads: 32, ramGiB: 64 },
  workload: { arrivalRps: 3000 },
  fleet: {
    servers: 4,
    weights: [2, 2, 2, 2],
    lbMethod: 'least_conn',
    backupServers: 1,
    maxFails: 3,
    failTimeoutS: 20,
    otherKinds: [{ name: 'old', servers: 2, physicalCores: 8, hardwareThreads: 16, ramGiB: 32, weight: 1 }],
  },
};

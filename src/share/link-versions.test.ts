/**
 * One saved link per link format version. Each must keep opening to the same plan, with no
 * problems, in every later build: when LINK_FORMAT_VERSION is bumped, add the new version's link
 * here and a migration to LINK_MIGRATIONS — never edit an old entry.
 */
import { describe, expect, it } from 'vitest';
import { planSchema, type PlanInput } from '../plan/schema';
import { decodeLink, LINK_FORMAT_VERSION } from './link-codec';

interface SavedLink {
  version: number;
  /** The link as a user would have copied it. */
  link: string;
  /** The plan it was made from (partial: the schema fills defaults). */
  plan: PlanInput;
}

const SAVED_LINKS: SavedLink[] = [
  {
    version: 1,
    link: 'https://headroom.example/#p=ZVTLbtswEPyVgqcWUAz5lTi-1UFhBIELNw7gQ5EDTW0t1hLJUrRs1fC_d5Z2pKa9UTO75Ozsrk6iFtN-IpyYnoSRJYmpWOXWffhY9z8U2uw-iUTk0mcH6cGdhPNUUXjMEKf2VbAleJc3lVayeLAgxXTSZbzknmQGrH-bCC_LuZ6J6XCAFPIcvXJEuKrfG4zPiThYvyusBHAS0ntdy-LZcfIkTYRy-wXOw3EitF1LHfhrjK-qsEvyikzQBct39_fQBDSGpykulg71Qab74S564wGv1OQrbQ3ISW_IDFBRBRm0wpfKdZEtqFyw6rsBLjJbbY7vE6F9wrGFhoInIicLXdOKn0ZCRq6wDWdU5JH09WJxBYt7dJSlK6inoomFrgKZpfUBDqaTmNygIzbbcHqQm4LN_d62yfoMIrhUu0f5XCD5G0-_9lQFwNF5OLMiJaaDMSw8eB2ohUZA3mKer1lTtKaNasG0x6YHKlf6N80asAhMR-hzjH18z_TTwSgRVMOOvSxWGAVoS3uIroK3ZtsieCt4aSqpAqzsQv-B1_xGx20ptDfcJWIjg8rnHXYRyvJnV4YVJQKl-KZNHHZh35i4xFRKmv_vWQFlPuXHK_2uB5vm5rIF5Hl6vP1JKlD2xQTfXO0Y91HnjpqHXJptW0cPOxfNuwL98yv7Y73c0hzTxnK23h5CPp9Bw8KakMdFzTAm2qiwlD5oNuiJmmh61JfbgEcxhl2pKZKUdFLp0CxsFufE21rz-GL3sBz7YFE5ln3Lg1Zq86z20J2IUh7jcRTvBrHuiHi8EDxEL9KjMUsFt-_eJu0vbMzj7EjuXuxnbAGKxASdXxnUBvJPAgu5kMcH3jhP8JunM27bGj8F_lkYA2uhGdGj9P72fD7_AQ',
    plan: {
      name: 'Shop (v1 link)',
      app: 'phpfpm',
      hardware: { presetId: 'custom', physicalCores: 8, hardwareThreads: 16, ramGiB: 32, perCoreSpeed: 1.25 },
      workload: { arrivalRps: 180, cpuMs: 35, ioWaitMs: 55, sloMs: 300, sloPercentile: 'p99' },
      phpfpm: { version: '8.3', pm: 'static', childMemMiB: 72 },
      nginx: { version: '1.28', clientKeepaliveS: 30 },
      pins: { fpmMaxChildren: 40, nginxWorkerConnections: 4096 },
      deploy: { serverName: 'shop.example.com', listenPort: 8080 },
      dynamodb: { tables: [{ name: 'orders', readsPerSec: 250, writesPerSec: 40, gsis: [{ name: 'by-customer' }] }] },
    },
  },
];

describe('saved links of every format version still open to the same plan', () => {
  it('there is one saved link for every version up to the current one', () => {
    expect(SAVED_LINKS.map((s) => s.version)).toEqual(Array.from({ length: LINK_FORMAT_VERSION }, (_, i) => i + 1));
  });

  it.each(SAVED_LINKS)('version $version', ({ link, plan }) => {
    const r = decodeLink(link);
    expect(r.problems).toEqual([]);
    expect(r.plan).toEqual(planSchema.parse(plan));
  });
});

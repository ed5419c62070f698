/**
 * Fleet (issue 6): N identical servers behind nginx load balancing — size, N+1 spare, headroom,
 * price per server, and the explained totals (capacity, memory, monthly cost). Needs only the plan:
 * a catalog entry's price is copied into the plan when the entry is chosen, so this panel works
 * while the catalog loads, after it fails, and for custom hardware.
 */
import { parseNumberText } from '../../plan/fields';
import { CheckboxField } from '../../fields/choice-field';
import { FindingItems } from '../../components/finding-items';
import { ValueRow } from '../../components/value-row';
import { NumberField, type NumberSource } from '../../fields/number-field';
import { Section } from '../../components/section';
import { fleetSizeProblem } from '../../plan/fleet-limits';
import { usePlanStore } from '../../state/plan-store';
import { useAnalysis } from '../../state/use-analysis';

const FleetRow = ValueRow;

/** The fleet size with its own message for 0 and > 10,000 (the schema's limits, said plainly). */
function ServersField() {
  const servers = usePlanStore((s) => s.plan.fleet.servers);
  const setField = usePlanStore((s) => s.setField);
  // Changed elsewhere (optimizer "Apply", a restored plan): the field shows the new value.
  const source: NumberSource = {
    stored: servers,
    integer: true,
    testIds: { input: 'fleet-servers', error: 'fleet-error-servers' },
    apply: (raw) => {
      const n = parseNumberText(raw.replace(/,/g, ''));
      if (n === null) return { ok: false, message: 'Enter a whole number of servers, 1 to 10,000.' };
      const problem = fleetSizeProblem(n, usePlanStore.getState().plan.fleet.backupServers);
      if (problem) return { ok: false, message: problem };
      const r = setField(['fleet', 'servers'], n);
      return r.ok ? { ok: true, value: n } : r;
    },
  };
  return <NumberField source={source} label="Servers (N)" />;
}

export default function FleetPanel() {
  // The totals follow the plan a beat behind a slider, so they never delay its frame. DynamoDB's
  // monthly cost is in the total as soon as the price file has loaded, whichever panel is open.
  const result = useAnalysis('settled', (a) => a.fleet);
  const cpu = result.cpuCapacity;
  return (
    <Section id="fleet" title="Fleet" whyGroup>
      <p className="nf-hint">
        N servers of the plan's hardware behind nginx load balancing (other server kinds are added in the Cluster panel). The workload is the load on the whole fleet; each
        server is sized for its share.
      </p>
      <ServersField />
      <CheckboxField field="fleet.spare" label="N+1: meet the target with one server down" />
      <NumberField field="fleet.headroomShare" label="Headroom" unit="%" scale={100} slider={{ min: 0, max: 90, step: 5 }} hint="Plan for at most (100 − headroom)% of the SLO limit." />
      <NumberField field="fleet.hourlyPriceUsd" label="Price per server" unit="USD/h" hint="Filled from the catalog entry you pick; enter your own for custom hardware (empty = unknown)." />
      <ul className="settings" data-testid="fleet-totals">
        <FleetRow item={result.serving} testId="fleet-serving" />
        <FleetRow item={result.targetRps} testId="fleet-target-rps" />
        <FleetRow item={result.perServerLoadRps} testId="fleet-per-server-rps" />
        <FleetRow item={cpu} testId="fleet-cpu-capacity" />
        <FleetRow item={result.capacityRps} testId="fleet-capacity-rps" />
        <FleetRow item={result.sloMaxRps} testId="fleet-slo-max-rps" />
        <FleetRow item={result.usableRps} testId="fleet-usable-rps" />
        <FleetRow item={result.serversNeeded} testId="fleet-servers-needed" />
        <FleetRow item={result.memoryGiB} testId="fleet-memory" />
        <FleetRow item={result.threads} testId="fleet-threads" />
        <FleetRow item={result.serversMonthlyUsd} testId="fleet-servers-monthly" />
        <FleetRow item={result.totalMonthlyUsd} testId="fleet-total-monthly" />
      </ul>
      {result.findings.length > 0 ? (
        <FindingItems findings={result.findings} testId="fleet-findings" />
      ) : null}
    </Section>
  );
}

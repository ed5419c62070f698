/**
 * Workload: how much traffic, and what one request costs. Open loop = an arrival rate (the
 * internet does not wait for you); closed loop = a fixed population of users with think time.
 */
import { NumberField } from '../../fields/number-field';
import { RadioField, SelectField, enumOptions } from '../../fields/choice-field';
import { Section } from '../../components/section';
import { SLO_PERCENTILES } from '../../plan/schema';
import { IDLE_WAKE_MEASURED_TEXT } from '../../plan/measured-costs';
import { usePlanStore } from '../../state/plan-store';

const MODE_OPTIONS = [
  { value: 'open', label: 'Open (arrival rate)' },
  { value: 'closed', label: 'Closed (users + think time)' },
] as const;

function LoadFields() {
  const mode = usePlanStore((s) => s.plan.workload.mode);
  return mode === 'open' ? (
    <NumberField field="workload.arrivalRps" label="Arrival rate" unit="rps" slider={{ min: 0, max: 5000, log: true }} hint="All requests reaching nginx, static included." />
  ) : (
    <>
      <NumberField field="workload.concurrentUsers" label="Concurrent users" slider={{ min: 1, max: 100_000, log: true }} />
      <NumberField field="workload.thinkTimeMs" label="Think time" unit="ms" slider={{ min: 0, max: 60_000, log: true, logMin: 10 }} />
    </>
  );
}

export function WorkloadPanel() {
  return (
    <Section id="workload" title="Workload">
      <RadioField field="workload.mode" label="Load model" options={MODE_OPTIONS} />
      <LoadFields />
      <NumberField field="workload.cpuMs" label="CPU ms" unit="ms" slider={{ min: 0.1, max: 2000, log: true }} hint="Mean CPU time of one dynamic request." />
      <NumberField
        field="workload.frameworkOverheadMsRef"
        label="Framework overhead"
        unit="ms"
        hint="The server's own CPU per request beyond CPU ms (0 = already included). Measured on empty apps: Gunicorn ≈ 0.10–0.16 ms, PHP-FPM ≈ 0.05 ms."
      />
      <NumberField
        field="workload.idleWakeCpuMsRef"
        label="CPU after an idle gap"
        unit="ms"
        hint={`Extra CPU a request costs when its core sat idle before it (reference core; 0 = off). Measured on empty apps: ${IDLE_WAKE_MEASURED_TEXT}.`}
      />
      <NumberField field="workload.cpuCv" label="CPU CV" slider={{ min: 0, max: 4, step: 0.05 }} hint="Variability: 0 = constant, 1 = exponential." />
      <NumberField field="workload.ioWaitMs" label="I/O wait" unit="ms" slider={{ min: 0, max: 5000, log: true, logMin: 0.5 }} hint="DynamoDB, HTTP calls: time waiting, not using the CPU." />
      <NumberField field="workload.ioCv" label="I/O CV" slider={{ min: 0, max: 4, step: 0.05 }} />
      <NumberField field="workload.staticShare" label="Static share" unit="%" scale={100} slider={{ min: 0, max: 99, step: 1 }} hint="Requests nginx serves from disk without the app." />
      <div className="field-pair">
        <SelectField field="workload.sloPercentile" label="SLO percentile" options={enumOptions(SLO_PERCENTILES.options)} />
        <NumberField field="workload.sloMs" label="SLO" unit="ms" />
      </div>
      <NumberField field="workload.slowestRequestS" label="Slowest request" unit="s" hint="Longest legitimate request: drives timeouts." />
      <NumberField field="workload.responseKiB" label="Response size" unit="KiB" hint="Mean response body: drives proxy buffers." />
    </Section>
  );
}

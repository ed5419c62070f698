/**
 * The application server (Gunicorn or PHP-FPM), nginx, and the machine-level memory and limits.
 * Only the chosen app server's fields are shown; the other keeps its values in the plan.
 */
import { CheckboxField, RadioField, SelectField, enumOptions } from '../../fields/choice-field';
import { NumberField } from '../../fields/number-field';
import { TextField } from '../../fields/text-field';
import { Section } from '../../components/section';
import { APP_KINDS, FPM_PM_MODES, GUNICORN_VERSIONS, NGINX_VERSIONS, PHP_VERSIONS, WORKER_CLASSES, type AppKind } from '../../plan/schema';
import { TLS_MODES, type TlsMode } from '../../plan/edge-schema';
import { usePlanStore } from '../../state/plan-store';

const APP_LABELS: Record<AppKind, string> = { gunicorn: 'Gunicorn (Python)', phpfpm: 'PHP-FPM' };
const APP_OPTIONS = APP_KINDS.options.map((v) => ({ value: v, label: APP_LABELS[v] }));

/** Keep-alive stickiness (gthread / gevent / ASGI): few persistent connections leave workers idle. */
function StickyFields() {
  const sticky = usePlanStore((s) => s.plan.gunicorn.keepAliveSticky);
  return (
    <>
      <CheckboxField field="gunicorn.keepAliveSticky" label="Keep-alive connections stay on one worker (gthread / gevent / ASGI)" />
      {sticky ? (
        <NumberField
          field="gunicorn.persistentConnections"
          label="Persistent connections to Gunicorn"
          hint="Empty = one per user (closed loop) or nginx's upstream keep-alive pool (open loop)."
        />
      ) : null}
    </>
  );
}

function GunicornFields() {
  const preload = usePlanStore((s) => s.plan.gunicorn.preload);
  return (
    <div className="subpanel" data-testid="gunicorn-fields">
      <SelectField field="gunicorn.version" label="Gunicorn version" options={enumOptions(GUNICORN_VERSIONS.options)} />
      <SelectField field="gunicorn.workerClass" label="Worker class" options={enumOptions(WORKER_CLASSES.options, 'Auto (recommend)')} />
      <NumberField field="gunicorn.workerMemMiB" label="Worker PSS" unit="MiB" slider={{ min: 10, max: 2048, log: true }} hint="Proportional set size after warm-up (not RSS)." />
      <NumberField field="gunicorn.masterMemMiB" label="Master" unit="MiB" />
      <CheckboxField field="gunicorn.preload" label="--preload (load the app before forking)" />
      {preload ? <NumberField field="gunicorn.preloadSharedShare" label="Shared after preload" unit="%" scale={100} hint="Share of a worker's memory that stays shared copy-on-write." /> : null}
      <details className="more">
        <summary>More Gunicorn inputs</summary>
        <NumberField field="gunicorn.perConnectionMemKiB" label="Memory per thread / connection" unit="KiB" />
        <NumberField field="gunicorn.workerBootS" label="Worker boot time" unit="s" />
        <StickyFields />
      </details>
    </div>
  );
}

function FpmFields() {
  return (
    <div className="subpanel" data-testid="phpfpm-fields">
      <SelectField field="phpfpm.version" label="PHP version" options={enumOptions(PHP_VERSIONS.options)} />
      <SelectField field="phpfpm.pm" label="Process manager (pm)" options={enumOptions(FPM_PM_MODES.options, 'Auto (recommend)')} />
      <NumberField field="phpfpm.childMemMiB" label="Child PSS" unit="MiB" slider={{ min: 10, max: 1024, log: true }} hint="Proportional set size of one child (not RSS)." />
      <NumberField field="phpfpm.masterMemMiB" label="Master" unit="MiB" />
      <NumberField field="phpfpm.opcacheMiB" label="OPcache" unit="MiB" hint="opcache.memory_consumption: shared, counted once." />
    </div>
  );
}

function AppServer() {
  const app = usePlanStore((s) => s.plan.app);
  return app === 'gunicorn' ? <GunicornFields /> : <FpmFields />;
}

export function AppServerInputs() {
  return (
    <Section id="app-tier" title="App server">
      <RadioField field="app" label="Application server" options={APP_OPTIONS} />
      <AppServer />
    </Section>
  );
}

const TLS_LABELS: Record<TlsMode, string> = { nginx: 'At nginx (certificate here)', 'front-lb': 'At a load balancer in front', off: 'Off (plain HTTP)' };
const TLS_OPTIONS = TLS_MODES.options.map((v) => ({ value: v, label: TLS_LABELS[v] }));

/** Where nginx finds the certificate, key and (for OCSP) the issuer chain; all reach nginx.conf and k8s/nginx.yaml. */
function CertificateFields() {
  const ocsp = usePlanStore((s) => s.plan.edge.ocspStapling);
  return (
    <>
      <TextField field="edge.certPath" label="Certificate chain file" />
      <TextField field="edge.keyPath" label="Private key file" />
      {ocsp ? <TextField field="edge.chainPath" label="Issuer chain file (OCSP)" /> : null}
    </>
  );
}

/** The public edge (issue 12): where TLS ends, the certificate, the front LB's address, the largest body, per-client limits. */
function EdgeFields() {
  const tls = usePlanStore((s) => s.plan.edge.tls);
  const behindLb = usePlanStore((s) => s.plan.edge.tls === 'front-lb' || s.plan.edge.behindLoadBalancer);
  return (
    <div className="subpanel" data-testid="edge-fields">
      <RadioField field="edge.tls" label="TLS" options={TLS_OPTIONS} />
      {tls === 'nginx' ? (
        <>
          <NumberField field="edge.httpsPort" label="HTTPS port" />
          <CheckboxField field="edge.ocspStapling" label="OCSP stapling (only for a CA with an OCSP responder)" />
          <CertificateFields />
        </>
      ) : null}
      {tls !== 'front-lb' ? <CheckboxField field="edge.behindLoadBalancer" label="Behind a load balancer (trust its X-Forwarded-For)" /> : null}
      {behindLb ? (
        <TextField field="edge.frontLbAddress" label="Load balancer address" hint="IPv4 address or CIDR block nginx trusts for X-Forwarded-For and -Proto." />
      ) : null}
      <NumberField field="edge.maxUploadMiB" label="Largest upload" unit="MiB" hint="client_max_body_size is this + 1 MiB; larger bodies get 413." />
      <NumberField field="edge.rateLimitRps" label="Per-client rate limit" unit="rps" hint="limit_req per client address; empty = no limit." />
      <NumberField field="edge.connLimitPerClient" label="Per-client connections" hint="limit_conn per client address; empty = no limit." />
      <CheckboxField field="edge.websocket" label="WebSocket upgrade through nginx" />
    </div>
  );
}

export function NginxInputs() {
  return (
    <Section id="nginx-in" title="Nginx">
      <SelectField field="nginx.version" label="Nginx version" options={enumOptions(NGINX_VERSIONS.options)} />
      <EdgeFields />
      <details className="more">
        <summary>More nginx inputs</summary>
        <NumberField field="nginx.workerMemMiB" label="Worker memory" unit="MiB" />
        <NumberField field="nginx.clientKeepaliveS" label="Client keep-alive idle" unit="s" />
        <NumberField field="nginx.connectionsPerClient" label="Connections per client" />
      </details>
    </Section>
  );
}

export function SystemInputs() {
  return (
    <Section id="system-in" title="Memory and system">
      <NumberField field="memory.osReserveMiB" label="OS reserve" unit="MiB" />
      <NumberField field="memory.otherProcessesMiB" label="Other processes" unit="MiB" />
      <NumberField field="system.somaxconn" label="net.core.somaxconn" hint="4096 on Linux ≥ 5.4, 128 before." />
      <NumberField field="system.nofileSoftLimit" label="nofile soft limit" hint="LimitNOFILE the services start with." />
    </Section>
  );
}

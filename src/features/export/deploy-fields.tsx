/**
 * The names, paths and ports the exported files are written with (plan.deploy): the host name,
 * ports, the app's module and folders, the Unix user, and the Kubernetes namespace and image.
 * Closed by default (one Tab stop): the defaults produce working files, these tailor them. Only
 * the fields the chosen app server and target use are shown; the others keep their plan values.
 */
import { RadioField, type ChoiceOption } from '../../fields/choice-field';
import { NumberField } from '../../fields/number-field';
import { TextField } from '../../fields/text-field';
import { usePlanStore } from '../../state/plan-store';

const TRANSPORT_OPTIONS: ChoiceOption[] = [
  { value: 'tcp', label: 'loopback TCP port' },
  { value: 'unix', label: 'Unix socket' },
];

function GunicornDeployFields() {
  const unix = usePlanStore((s) => s.plan.deploy.appTransport === 'unix');
  return (
    <>
      <TextField field="deploy.appModule" label="WSGI / ASGI app" hint="module:callable that Gunicorn imports." />
      <TextField field="deploy.appDir" label="App folder" />
      <RadioField field="deploy.appTransport" label="nginx reaches Gunicorn by" options={TRANSPORT_OPTIONS} />
      {unix ? <TextField field="deploy.appSocketPath" label="Gunicorn socket" /> : <NumberField field="deploy.appPort" label="Gunicorn port" />}
      <TextField field="deploy.staticRoot" label="Static files folder" />
      <TextField field="deploy.staticUrlPrefix" label="Static URL prefix" />
    </>
  );
}

function FpmDeployFields() {
  return (
    <>
      <TextField field="deploy.phpRoot" label="PHP document root" />
      <TextField field="deploy.fpmSocketPath" label="PHP-FPM socket" hint="Used with one app server." />
      <NumberField field="deploy.fpmPort" label="PHP-FPM port" hint="Used when nginx reaches several app servers." />
      <TextField field="deploy.fpmPoolName" label="PHP-FPM pool name" />
    </>
  );
}

export function DeployFields() {
  const app = usePlanStore((s) => s.plan.app);
  const target = usePlanStore((s) => s.plan.deploy.target);
  return (
    <details className="more" data-testid="deploy-fields">
      <summary>Names, paths and ports in the files</summary>
      <TextField field="deploy.serverName" label="Server name" hint="nginx server_name; _ answers any host." />
      <NumberField field="deploy.listenPort" label="HTTP port" />
      {app === 'gunicorn' ? <GunicornDeployFields /> : <FpmDeployFields />}
      <TextField field="deploy.user" label="Unix user" />
      <TextField field="deploy.group" label="Unix group" />
      {target !== 'vm' ? (
        <>
          <TextField field="deploy.namespace" label="Kubernetes namespace" />
          <TextField field="deploy.appImage" label="App container image" />
        </>
      ) : null}
    </details>
  );
}

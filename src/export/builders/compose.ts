/**
 * docker-compose.yaml for a local run of the stack (issue 17): nginx and the app server with the
 * bundle's own config files, and DynamoDB Local when the plan uses DynamoDB. nginx shares the app
 * container's network namespace, so nginx.conf's loopback upstream (127.0.0.1 or the unix socket)
 * works unchanged. Healthcheck timings are the readiness probe's (PlanAnalysis.deploy).
 */
import type { PodPlan } from '../../engine/deploy/k8s';
import type { PlanAnalysis } from '../../engine/analysis/types';
import type { Plan } from '../../plan/schema';
import { token } from '../safe';
import type { PlainData } from '../printers/yaml';

export const COMPOSE_FILE = 'docker-compose.yaml';
/** Host port of the local run (nginx's listen port inside). */
export const LOCAL_HTTP_PORT = 8080;
/** Host port of DynamoDB Local (8000 inside; the app's own port may be 8000 too). */
export const LOCAL_DYNAMODB_PORT = 8001;
const DYNAMODB_LOCAL_IMAGE = 'amazon/dynamodb-local:2.5.2';

const dirOf = (path: string) => path.slice(0, path.lastIndexOf('/')) || '/';

function healthTimings(pod: PodPlan) {
  const r = pod.readiness;
  return {
    interval: `${r.periodS.value}s`,
    timeout: `${r.timeoutS.value}s`,
    retries: r.failureThreshold.value,
    start_period: `${r.initialDelayS.value + r.periodS.value}s`,
  };
}

/** A connect to the app's socket, with the interpreter the app image already has. */
function appHealthTest(plan: Plan, timeoutS: number): string[] {
  const d = plan.deploy;
  if (plan.app === 'gunicorn') {
    const connect =
      d.appTransport === 'unix'
        ? `s=socket.socket(socket.AF_UNIX);s.settimeout(${timeoutS});s.connect('${token(d.appSocketPath, 'deploy.appSocketPath')}')`
        : `socket.create_connection(('127.0.0.1',${d.appPort}),${timeoutS})`;
    return ['CMD', 'python3', '-c', `import socket;${connect}`];
  }
  const target = `unix://${token(d.fpmSocketPath, 'deploy.fpmSocketPath')}`;
  // Named arguments (PHP ≥ 8.0): no `$` in the line, which compose would read as a variable.
  return ['CMD', 'php', '-r', `exit(@fsockopen('${target}', timeout: ${timeoutS}) ? 0 : 1);`];
}

function appService(plan: Plan, pod: PodPlan, dynamo: boolean): PlainData {
  const d = plan.deploy;
  const image = token(d.appImage, 'deploy.appImage');
  const socketDir = plan.app === 'gunicorn' ? (d.appTransport === 'unix' ? dirOf(d.appSocketPath) : null) : dirOf(d.fpmSocketPath);
  const volumes =
    plan.app === 'gunicorn'
      ? ['./gunicorn.conf.py:/etc/gunicorn/gunicorn.conf.py:ro']
      : ['./www.conf:/usr/local/etc/php-fpm.d/www.conf:ro'];
  if (socketDir) volumes.push(`sockets:${token(socketDir, 'deploy socket directory')}`);
  const environment: Record<string, string> | undefined = dynamo
    ? {
        AWS_ENDPOINT_URL_DYNAMODB: 'http://dynamodb:8000',
        AWS_REGION: token(plan.dynamodb.region, 'dynamodb.region'),
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      }
    : undefined;
  return {
    image,
    command:
      plan.app === 'gunicorn'
        ? ['gunicorn', '--config', '/etc/gunicorn/gunicorn.conf.py', token(d.appModule, 'deploy.appModule')]
        : ['php-fpm', '--nodaemonize'],
    volumes,
    environment,
    // nginx joins this container's network namespace: its port is published here.
    ports: [`127.0.0.1:${LOCAL_HTTP_PORT}:${d.listenPort}`],
    depends_on: dynamo ? { dynamodb: { condition: 'service_started' } } : undefined,
    healthcheck: { test: appHealthTest(plan, pod.readiness.timeoutS.value), ...healthTimings(pod) },
    stop_grace_period: `${pod.terminationGracePeriodS.value}s`,
  };
}

export function buildCompose(analysis: PlanAnalysis): PlainData {
  const { plan } = analysis;
  const pod = analysis.deploy.pods[0];
  if (!pod) throw new Error('the analysis has no server kind');
  const dynamo = plan.dynamodb.enabled && plan.dynamodb.tables.length > 0;
  const usesSockets = plan.app === 'phpfpm' || plan.deploy.appTransport === 'unix';
  const services: Record<string, PlainData> = {
    app: appService(plan, pod, dynamo),
    nginx: {
      image: `nginx:${plan.nginx.version}`,
      network_mode: 'service:app',
      volumes: ['./nginx.conf:/etc/nginx/nginx.conf:ro', ...(usesSockets ? [`sockets:${token(dirOf(plan.app === 'gunicorn' ? plan.deploy.appSocketPath : plan.deploy.fpmSocketPath), 'deploy socket directory')}`] : [])],
      depends_on: { app: { condition: 'service_healthy' } },
      healthcheck: { test: ['CMD', 'curl', '-fsS', '-o', '/dev/null', `http://127.0.0.1:${plan.deploy.listenPort}/healthz`], ...healthTimings(pod) },
    },
  };
  if (dynamo) {
    services.dynamodb = {
      image: DYNAMODB_LOCAL_IMAGE,
      command: ['-jar', 'DynamoDBLocal.jar', '-inMemory', '-sharedDb'],
      ports: [`127.0.0.1:${LOCAL_DYNAMODB_PORT}:8000`],
    };
  }
  return { services, ...(usesSockets ? { volumes: { sockets: {} } } : {}) };
}

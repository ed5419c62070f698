/**
 * Web Worker: the lagged part of the analysis, the export preview and the method simulation, off
 * the main thread (the handlers: ./analysis-api.ts; the client: src/state/analysis-worker-client.ts).
 */
// First: no `new Function` in here either (see src/zod-jitless.ts).
import '../zod-jitless';
import { createAnalysisHandlers, type AnalysisWorkerApi } from './analysis-api';
import { serveRpc, type Port } from './rpc';

serveRpc<AnalysisWorkerApi>(self as unknown as Port, createAnalysisHandlers());

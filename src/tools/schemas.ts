import { z } from 'zod';
import { REGION_ID } from '../config.js';

/** Argument schemas shared by the ACK tools; messages say what a valid value looks like. */
export const clusterId = z
  .string()
  .regex(/^c[a-z0-9]{32}$/, 'must be an ACK cluster id: "c" followed by 32 lowercase letters or digits (find it with list_clusters)')
  .describe('ACK cluster id, e.g. c82e6987e2961451182edacd74faf0f5e.');

export const nodepoolId = z
  .string()
  .regex(/^np[a-z0-9]{32}$/, 'must be a node pool id: "np" followed by 32 lowercase letters or digits (find it with list_nodepools)')
  .describe('Node pool id, e.g. np31da1b38983f4511b490fc62108a9b63.');

export const instanceId = z
  .string()
  .regex(/^i-[a-z0-9]{8,30}$/, 'must be an ECS instance id such as i-bp1g6zv0ce8oghu7k2xy (find it with list_cluster_nodes)');

export const taskId = z
  .string()
  .regex(/^T-[A-Za-z0-9]{4,64}$/, 'must be an ACK task id such as T-5faa48fb31b6b8078d000001 (returned by scale_nodepool or remove_nodepool_nodes)')
  .describe('ACK task id returned by scale_nodepool or remove_nodepool_nodes.');

export const diagnosisId = z
  .string()
  .regex(/^[A-Za-z0-9-]{8,64}$/, 'must be a diagnosis id returned by create_cluster_diagnosis')
  .describe('Diagnosis id returned by create_cluster_diagnosis.');

export const regionId = z
  .string()
  .regex(REGION_ID, 'must be a region id such as cn-hangzhou')
  .describe('Alibaba Cloud region id, e.g. cn-hangzhou.');

export const waitSeconds = z
  .number()
  .int('must be a whole number of seconds')
  .min(0, 'must be 0 (return at once) or more')
  .max(600, 'must be at most 600 seconds')
  .default(0)
  .describe(
    'Seconds to wait for the operation to finish, polling with backoff and reporting progress (0 = return the id at once; max 600). If it is still running when the time is up, the current state is returned.',
  );

export const pageNumber = z.number().int().min(1, 'must be 1 or more').default(1).describe('Page to return, from 1.');
export const pageSize = (max: number, fallback: number) =>
  z.number().int().min(1, 'must be 1 or more').max(max, `must be at most ${max}`).default(fallback).describe(`Items per page (1–${max}).`);

export const waited = z
  .object({
    seconds: z.number().describe('How long the server waited.'),
    finished: z.boolean().describe('Whether the operation reached a final state while waiting.'),
    stopped_because: z.enum(['finished', 'time_limit', 'cancelled', 'not_requested']),
  })
  .describe('How the wait ended.');

/** Argument schemas of the Kubernetes tools. */
export const namespace = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a Kubernetes namespace name: lowercase letters, digits and "-", at most 63 characters')
  .describe('Kubernetes namespace.');

export const objectName = z
  .string()
  .regex(/^[A-Za-z0-9]([-A-Za-z0-9_.:]{0,251}[A-Za-z0-9])?$/, 'must be a Kubernetes object name such as checkout-api-7d9c8b6f5-x2k4q')
  .describe('Name of the Kubernetes object.');

export const resourceKind = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)*$/, 'must be a resource type such as pods, deploy, Deployment or ingresses.networking.k8s.io')
  .max(253)
  .describe('Resource type as kubectl accepts it: plural, singular, short name or Kind, optionally with a group (deployments.apps).');

export const labelSelector = z.string().min(1).max(1024).describe('Label selector, e.g. `app=checkout-api,tier!=cache`.');
export const fieldSelector = z.string().min(1).max(1024).describe('Field selector, e.g. `status.phase=Running` or `spec.nodeName=cn-hangzhou.10.0.1.23`.');

/** Argument schemas of the logs and metrics tools. */
export const slsProject = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, 'must be an SLS project name: 3–63 lowercase letters, digits and "-"')
  .describe('SLS project; discovered from the cluster when omitted.');

export const slsStore = (what: 'logstore' | 'metricstore') =>
  z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,61}[a-z0-9]$/, `must be an SLS ${what} name: 2–63 lowercase letters, digits, "-" and "_"`);

/** Where an SLS query runs; both are discovered from the cluster when omitted. */
export const logTargetArgs = {
  logstore: slsStore('logstore').optional().describe('Logstore; default `k8s-event` (Kubernetes events).'),
  project: slsProject.optional(),
};

export const timeInput = z.union([z.number(), z.string().min(1).max(64)]);

export const naturalLanguage = z.string().trim().min(3, 'must say what you want in a few words').max(2000, 'must be at most 2000 characters');

export const sourcedValue = z
  .object({
    value: z.string(),
    source: z.enum(['argument', 'discovered', 'convention']),
    via: z.string().describe('The API that reported it, or the naming convention used.'),
  })
  .describe('A value and where it came from: your argument, discovery through an API, or a naming convention.');

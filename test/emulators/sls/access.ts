// Authorisation: a caller may touch only its own account's projects, minus the actions its RAM policy
// denies (`credential.deniedActions`: `log:GetLogStoreLogs`, `log:*`, `*`, ...). Both failures are
// 401 Unauthorized naming the action and the resource, as SLS words it.
import type { Credential } from '../ack/model.js';
import { logStoreNotExist, projectNotExist, unauthorized } from './errors.js';
import type { LogRow } from './model.js';
import type { SlsStore, StoredProject } from './store.js';

export type LogAction =
  | 'log:ListProject' | 'log:GetProject' | 'log:ListLogStores' | 'log:ListMetricStores'
  | 'log:GetLogStoreLogs' | 'log:CallAiTools';

const denies = (credential: Credential, action: LogAction): boolean =>
  credential.deniedActions.some((denied) => denied === '*' || denied === 'log:*' || denied === action);

const denied = (action: LogAction, resource: string) =>
  unauthorized(`denied by sts or ram, action: ${action}, resource: ${resource}`);

export const projectResource = (project: StoredProject, logstore?: string): string =>
  `acs:log:${project.region}:${project.accountId}:project/${project.name}${logstore === undefined ? '' : `/logstore/${logstore}`}`;

/** RAM check for calls that name no project (ListProject; CallAiTools before its params are read). */
export function authorizeAccount(credential: Credential, action: LogAction, region = '*'): void {
  if (denies(credential, action)) throw denied(action, `acs:log:${region}:${credential.account.accountId}:project/*`);
}

/** The project, when it exists, belongs to the caller's account and the action is allowed on it. */
export function projectFor(store: SlsStore, credential: Credential, action: LogAction, name: string | undefined, logstore?: string): StoredProject {
  if (name === undefined || name === '') throw projectNotExist('(none: the Host carries no project)');
  const project = store.project(name);
  if (project === undefined) throw projectNotExist(name);
  if (project.accountId !== credential.account.accountId || denies(credential, action)) throw denied(action, projectResource(project, logstore));
  return project;
}

export function logstoreOf(project: StoredProject, name: string): LogRow[] {
  const rows = project.logstores.get(name);
  if (rows === undefined) throw logStoreNotExist(name);
  return rows;
}

// The action table. Requests are routed on the signed `x-acs-action`; the method and path must then be the
// ones that action uses, as the gateway would insist.
import { clusterRoutes } from './api-clusters.js';
import { diagnosisRoutes } from './api-diagnosis.js';
import { loggingRoutes } from './api-logging.js';
import { nodepoolRoutes } from './api-nodepools.js';
import { taskRoutes } from './api-tasks.js';
import { ApiError } from './errors.js';
import { matchPath, type Route } from './route.js';

export const ROUTES: ReadonlyMap<string, Route> = new Map(
  [...clusterRoutes, ...loggingRoutes, ...nodepoolRoutes, ...taskRoutes, ...diagnosisRoutes].map((route) => [route.action, route]),
);

/** Finds the route for `action` and checks that method and path fit it; throws an ApiError otherwise. */
export function resolveRoute(action: string | undefined, method: string, rawPath: string): { route: Route; params: Record<string, string> } {
  const route = action === undefined ? undefined : ROUTES.get(action);
  if (route === undefined) {
    throw new ApiError(404, 'InvalidAction.NotFound', `Specified api is not found, please check your url and method: action ${action ?? '(none)'} is not served by this emulator.`);
  }
  const params = matchPath(route.path, rawPath);
  if (route.method !== method || params === undefined) {
    throw new ApiError(400, 'InvalidAction.Mismatch', `Action ${route.action} is served at ${route.method} ${route.path}, but the request was ${method} ${rawPath}.`);
  }
  return { route, params };
}

import { conferenceRoutes } from './conferences';
import { flexRoutes } from './flex';
import { iamRoutes } from './iam';
import { intelligenceRoutes } from './intelligence';
import { compileRoute, type CompiledRoute, type Route } from './table';
import { taskRouterRoutes } from './taskrouter';
import { voiceRoutes } from './voice';

/** Every endpoint the emulator serves, one row each (see table.ts for the row shape). */
export const ROUTES: readonly Route[] = [...voiceRoutes, ...conferenceRoutes, ...taskRouterRoutes, ...iamRoutes, ...flexRoutes, ...intelligenceRoutes];

export const COMPILED_ROUTES: readonly CompiledRoute[] = ROUTES.map(compileRoute);

/*
ECS API instance operations (docs/api.md): StartInstances, StopInstances,
RebootInstances.
*/
import type {Action} from './api.js';

export const ecsInstanceActions: Record<string, Action> = {};

/*
ECS API reads (docs/api.md): DescribeRegions, DescribeZones,
DescribeInstances, DescribeDisks and ListTagResources.
*/
import type {Action} from './api.js';

export const ecsDescribeActions: Record<string, Action> = {};

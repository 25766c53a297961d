/*
The system policies tagdeck knows, as documents evaluated like any other
(docs/cloud-facts.md §11). Only the statements that matter to tagdeck's
services (ECS, the Tag API and RAM) are kept.
*/
/* eslint-disable @typescript-eslint/naming-convention -- RAM writes its elements in PascalCase */
import type {AttachedPolicy} from './evaluate.js';
import type {PolicyDocument} from './policy.js';
import type {systemPolicyNames} from './system-names.js';

/** A document that allows `actions` on everything (test/core/ram-policy.test.ts checks each passes checkPolicy). */
function allow(...actions: string[]): PolicyDocument {
	return {
		Version: '1',
		Statement: [{Effect: 'Allow', Action: actions, Resource: '*'}],
	};
}

/** The system policies by name. */
export const systemPolicies: ReadonlyMap<string, AttachedPolicy> = new Map(
	(
		[
			['AliyunECSFullAccess', allow('ecs:*')],
			['AliyunECSReadOnlyAccess', allow('ecs:Describe*', 'ecs:List*')],
			['AliyunTagFullAccess', allow('tag:*')],
			[
				'AliyunTagReadOnlyAccess',
				allow('tag:List*', 'tag:Get*', 'tag:Describe*'),
			],
			['AliyunRAMFullAccess', allow('ram:*')],
			['AliyunRAMReadOnlyAccess', allow('ram:Get*', 'ram:List*')],
		] as const satisfies ReadonlyArray<
			readonly [(typeof systemPolicyNames)[number], PolicyDocument]
		>
	).map(([name, document]) => [name, {name, type: 'System', document}]),
);

/** A system policy by name, or undefined. */
export function systemPolicy(name: string): AttachedPolicy | undefined {
	return systemPolicies.get(name);
}

import type {Command} from './model.js';

/*
A batch in tagdeck may be any size; a real call may not. tagdeck speaks the Tag
API (2018-08-28): TagResources takes at most 50 ARNs and 10 tags, UntagResources
50 ARNs and 10 keys (docs/cloud-facts.md §1.2-§1.3). ECS's own TagResources
takes 50 resources and 20 tags (§2.1). These say how many calls a script would
make for the same batch.
*/

export const resourcesPerCall = 50;
export const tagsPerCall = 10;
/** The most tags one request may name: ECS TagResources' Tag.N (NumberExceed.Tags). */
export const maxTagsPerRequest = 20;

export type ApiCalls = {
	action: 'TagResources' | 'UntagResources';
	calls: number;
};

const callsFor = (resources: number, tags: number) =>
	Math.ceil(resources / resourcesPerCall) *
	Math.max(1, Math.ceil(tags / tagsPerCall));

/** The Tag API calls the same batch would take, or none for other commands. */
export function apiCalls(command: Command): ApiCalls[] {
	if (command.op === 'tag') {
		const out: ApiCalls[] = [];
		const tags = Object.keys(command.tags).length;
		if (tags > 0)
			out.push({
				action: 'TagResources',
				calls: callsFor(command.ids.length, tags),
			});
		const remove = command.remove?.length ?? 0;
		if (remove > 0)
			out.push({
				action: 'UntagResources',
				calls: callsFor(command.ids.length, remove),
			});
		return out;
	}

	if (command.op === 'untag') {
		return [
			{
				action: 'UntagResources',
				// All=true removes every tag in one call per 50 resources.
				calls: callsFor(command.ids.length, command.keys?.length ?? 0),
			},
		];
	}

	return [];
}

/**
`88 TagResources calls of ≤ 50 resources and ≤ 10 tags`, or for both actions
`1 TagResources and 2 UntagResources calls of ≤ 50 resources and ≤ 10 tags or
keys`: for a dry run and a preview.
*/
export function apiCallsText(command: Command): string | undefined {
	const calls = apiCalls(command);
	if (calls.length === 0) return undefined;
	const total = calls.reduce((sum, c) => sum + c.calls, 0);
	const noun =
		calls.length > 1
			? 'tags or keys'
			: calls[0]!.action === 'TagResources'
				? 'tags'
				: 'keys';
	const list = calls
		.map(({action, calls: n}) => `${n} ${action}`)
		.join(' and ');
	return `${list} call${total === 1 ? '' : 's'} of ≤ ${resourcesPerCall} resources and ≤ ${tagsPerCall} ${noun}`;
}

import {
	compliance,
	fixPlan,
	type ComplianceReport,
} from '../../../core/governance/compliance.js';
import {effectiveRules} from '../../../core/governance/governance.js';
import type {World} from '../../../core/world.js';
import {
	browseBindings,
	escapeBinding,
	moveBindings,
	type ScreenKeys,
} from '../../binding.js';
import {ask, cursorOf, go, say, type UiState} from '../../state.js';

const cache = new WeakMap<World, Map<string, ComplianceReport>>();

/**
The compliance of the open region, for the tag policies in force; worked out
once per world, revision and region (a step changes the world in place).
*/
export function regionCompliance(
	state: UiState,
	world: World,
): ComplianceReport {
	const region = `${state.region ?? ''}@${world.data.revision}`;
	let byRegion = cache.get(world);
	if (!byRegion) {
		byRegion = new Map();
		cache.set(world, byRegion);
	}

	let report = byRegion.get(region);
	if (!report) {
		if (byRegion.size > 8) byRegion.clear();
		report =
			effectiveRules(world.data).length === 0
				? {keys: [], resources: [], untagged: 0}
				: compliance(world, {region: state.region});
		byRegion.set(region, report);
	}

	return report;
}

const length = (state: UiState, world: World) =>
	regionCompliance(state, world).keys.length;

export const complianceKeys: ScreenKeys = {
	length,
	bindings: [
		{
			keys: ['enter'],
			label: 'Enter',
			does: 'mark the resources non-compliant with the key under the cursor, in the resources view',
			footer: 'mark non-compliant',
			run({state, world}) {
				const report = regionCompliance(state, world);
				const key = report.keys[cursorOf(state)];
				if (!key)
					return say(
						state,
						'No tag policy is attached, so there is nothing to mark (tagdeck policy attach NAME).',
						true,
					);
				const ids = report.resources
					.filter((f) => f.key === key.key)
					.map((f) => f.id);
				if (ids.length === 0)
					return say(
						state,
						`Every resource in scope is compliant with ${key.key}.`,
					);
				return say(
					{
						...go(state, 'resources'),
						marks: new Set(ids),
						type: undefined,
						filters: {...state.filters, resources: ''},
					},
					`Marked the ${ids.length} resource(s) non-compliant with ${key.key}: t tags them, a acts on them; tagdeck compliance --key ${key.key} says why each.`,
				);
			},
		},
		{
			keys: ['f'],
			label: 'f',
			does: 'preview the fix: rename keys and values that differ from the policy only in case or spaces',
			footer: 'fix',
			run(context) {
				const {state, world} = context;
				const plan = fixPlan(world.whole ?? world, {region: state.region});
				if (plan.length === 0) {
					return say(
						state,
						'Nothing to fix here: no key or value differs from the policy only in case or spaces.',
					);
				}

				return ask(
					context,
					`Fix ${plan.length} resource(s): rename what differs from the policy only in case or spaces?`,
					{op: 'fix', region: state.region!},
				);
			},
		},
		escapeBinding,
		...browseBindings,
		...moveBindings(length, true),
	],
};

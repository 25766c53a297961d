import {findRule, rules} from './catalogue.js';
import {settingKey} from './inheritance.js';
import type {Provenance, RuleSetting} from './model.js';
import type {World} from './world.js';

/*
The one read model of inheritance rules: what the rules command lists, what
show says of an inherited tag, and what the UI's rules screen shows.
*/

/** A rule's setting in a region, if it was ever enabled there. */
function savedSetting(
	world: World,
	region: string,
	settingName: string,
): RuleSetting | undefined {
	const key = settingKey(region, settingName);
	return Object.hasOwn(world.data.rules, key)
		? world.data.rules[key]
		: undefined;
}

/** A rule as a region has it: the catalogue's facts and the region's setting. */
type RuleView = {
	settingName: string;
	primary: string;
	associated: string;
	region: string;
	enabled: boolean;
	keys: string[] | null;
	existing: boolean;
	existingSupported: boolean;
	removeOnUnlink: boolean;
	description: string;
};

export function ruleViews(world: World, region: string): RuleView[] {
	return rules.map((rule) => {
		const setting = savedSetting(world, region, rule.settingName);
		return {
			settingName: rule.settingName,
			primary: rule.primary,
			associated: rule.associated,
			region,
			enabled: setting?.enabled ?? false,
			keys: setting?.keys ?? null,
			existing: setting?.existing ?? false,
			existingSupported: rule.existing,
			removeOnUnlink: rule.removeOnUnlink,
			description: rule.description,
		};
	});
}

/**
Where an inherited tag came from, and whether what gave it still acts, in two
parts: "inherited from i-… (web-prod-1)" and "by Ecs-Instance:Ecs-Disk, rule on".
*/
export function inheritedParts(
	world: World,
	region: string,
	p: Provenance,
): {from: string; by: string} {
	const rule = findRule(p.rule);
	const primary = world.get(p.from);
	const on =
		world.data.account.inheritance.enabled &&
		savedSetting(world, region, p.rule)?.enabled === true;
	const state = world.data.account.inheritance.enabled
		? on
			? 'rule on'
			: 'rule now off'
		: 'inheritance now off';
	return {
		from: `inherited from ${p.from}${primary ? ` (${primary.name})` : ' (released)'}`,
		by: `by ${rule ? `${rule.primary}:${rule.associated}` : p.rule}, ${state}`,
	};
}

/**
Where an inherited tag came from, and whether what gave it still acts:
"inherited from i-… (web-prod-1) by Ecs-Instance:Ecs-Disk, rule on".
*/
export function explainInherited(
	world: World,
	region: string,
	p: Provenance,
): string {
	const {from, by} = inheritedParts(world, region, p);
	return `${from} ${by}`;
}

/*
Compliance with the tag policies in force (docs/governance.md): per key, how
many resources in its scope are compliant, non-compliant or not applicable;
per non-compliant resource, why: the key is `missing`, its `value` is not one
the policy allows, or a key or value is `similar` to the policy's (equal after
trimming spaces and ignoring case, docs/cloud-facts.md §12). And the fix: each
similar key and value renamed to the policy's spelling.
*/
import type {Resource, WorldData} from '../model.js';
import {edged} from '../summary.js';
import {isSystemKey} from '../tags.js';
import type {World} from '../world.js';
import {effectiveRules, inScope} from './governance.js';
import type {KeyRule} from './tag-policy.js';

export type KeyCompliance = {
	key: string;
	/** The policy the rule comes from. */
	policy: string;
	compliant: number;
	nonCompliant: number;
	notApplicable: number;
	/** Compliant ÷ (compliant + non-compliant), or null when nothing is in scope. */
	coverage: number | null;
};

export type Reason = 'missing' | 'value' | 'similar';

export type Finding = {
	id: string;
	key: string;
	status: 'non-compliant';
	reason: Reason;
	/** What the resource has instead (`costcenter=retail`, `CostCenter= retail`), if anything. */
	found?: string;
};

export type ComplianceReport = {
	keys: KeyCompliance[];
	resources: Finding[];
	/** Resources with no custom tag at all. */
	untagged: number;
};

/** The case-and-space rule: equal after trimming spaces and ignoring case. */
export function similar(a: string, b: string): boolean {
	return a !== b && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
Whether `key` is similar to a policy key whose trimmed, lower-case form is
`normal`: a key shorter than that cannot be (trimming only shortens), which
spares most keys the comparison.
*/
function similarKey(key: string, policyKey: string, normal: string): boolean {
	return (
		key.length >= normal.length &&
		key !== policyKey &&
		key.trim().toLowerCase() === normal
	);
}

/** The value the policy spells `value` as, when it is similar to one it allows. */
function policyValue(rule: KeyRule, value: string): string | undefined {
	if (!rule.values) return undefined;
	return rule.values.find((allowed) => similar(allowed, value));
}

type Judged =
	| {compliant: true}
	| {
			compliant: false;
			reason: Reason;
			found?: string;
			/** The fix: the key to drop (if renamed) and the tag to set. */
			fix?: {remove?: string; key: string; value: string};
	  };

/**
A second key beside the policy's that differs only in case or spaces (`Env=Prod`
beside `env=prod`): non-compliant, and when its value is the same but for case
and spaces, the fix removes it.
*/
function lookalike(
	rule: KeyRule,
	tags: Record<string, string>,
	value: string,
): Judged | undefined {
	const normal = rule.key.trim().toLowerCase();
	for (const key in tags) {
		if (!similarKey(key, rule.key, normal) || isSystemKey(key)) continue;
		const other = tags[key]!;
		return {
			compliant: false,
			reason: 'similar',
			found: `${edged(key)}=${edged(other)}`,
			...(other === value || similar(other, value)
				? {fix: {remove: key, key: rule.key, value}}
				: {}),
		};
	}

	return undefined;
}

/** How one resource fares against one rule in whose scope it is. */
function judge(rule: KeyRule, tags: Record<string, string>): Judged {
	if (Object.hasOwn(tags, rule.key)) {
		const value = tags[rule.key]!;
		if (!rule.values || rule.values.includes(value))
			return lookalike(rule, tags, value) ?? {compliant: true};
		const spelled = policyValue(rule, value);
		return spelled === undefined
			? {
					compliant: false,
					reason: 'value',
					found: `${rule.key}=${edged(value)}`,
				}
			: {
					compliant: false,
					reason: 'similar',
					found: `${rule.key}=${edged(value)}`,
					fix: {key: rule.key, value: spelled},
				};
	}

	const normal = rule.key.trim().toLowerCase();
	for (const key in tags) {
		if (!similarKey(key, rule.key, normal) || isSystemKey(key)) continue;
		const value = tags[key]!;
		const spelled =
			!rule.values || rule.values.includes(value)
				? value
				: policyValue(rule, value);
		return {
			compliant: false,
			reason: 'similar',
			found: `${edged(key)}=${edged(value)}`,
			// A value outside the list is not guessed: the key alone is renamed.
			fix: {remove: key, key: rule.key, value: spelled ?? value},
		};
	}

	return {compliant: false, reason: 'missing'};
}

type Options = {region?: string; key?: string; policy?: string};

function hasCustomTag(tags: Record<string, string>): boolean {
	for (const key in tags) if (!isSystemKey(key)) return true;
	return false;
}

function scope(world: World, options: Options): Resource[] {
	return options.region === undefined
		? world.resources()
		: world.inRegion(options.region);
}

function rulesOf(data: WorldData, options: Options) {
	return effectiveRules(data, options.policy).filter(
		(rule) =>
			options.key === undefined ||
			rule.key.toLowerCase() === options.key.toLowerCase(),
	);
}

/** The compliance report of the world (or a region, a key), for the policies in force. */
export function compliance(
	world: World,
	options: Options = {},
): ComplianceReport {
	const resources = scope(world, options);
	const keys: KeyCompliance[] = [];
	const findings: Finding[] = [];
	for (const rule of rulesOf(world.data, options)) {
		let compliant = 0;
		let notApplicable = 0;
		const before = findings.length;
		for (const resource of resources) {
			if (!inScope(rule, resource)) {
				notApplicable++;
				continue;
			}

			const judged = judge(rule, resource.tags);
			if (judged.compliant) compliant++;
			else
				findings.push({
					id: resource.id,
					key: rule.key,
					status: 'non-compliant',
					reason: judged.reason,
					...(judged.found === undefined ? {} : {found: judged.found}),
				});
		}

		const nonCompliant = findings.length - before;
		const applicable = compliant + nonCompliant;
		keys.push({
			key: rule.key,
			policy: rule.from,
			compliant,
			nonCompliant,
			notApplicable,
			coverage:
				applicable === 0
					? null
					: Math.round((compliant / applicable) * 10_000) / 10_000,
		});
	}

	let untagged = 0;
	for (const resource of resources)
		if (!hasCustomTag(resource.tags)) untagged++;

	return {keys, resources: findings, untagged};
}

/** One resource's fix: tags to set, keys to remove. */
export type FixChange = {
	id: string;
	tags: Record<string, string>;
	remove: string[];
};

/** The renames that turn every similar key and value into the policy's spelling. */
export function fixPlan(world: World, options: Options = {}): FixChange[] {
	const rules = rulesOf(world.data, options);
	const out: FixChange[] = [];
	for (const resource of scope(world, options)) {
		const change: FixChange = {id: resource.id, tags: {}, remove: []};
		for (const rule of rules) {
			if (!inScope(rule, resource)) continue;
			const judged = judge(rule, resource.tags);
			if (judged.compliant || !judged.fix) continue;
			if (judged.fix.remove !== undefined)
				change.remove.push(judged.fix.remove);
			change.tags[judged.fix.key] = judged.fix.value;
		}

		if (change.remove.length > 0 || Object.keys(change.tags).length > 0)
			out.push(change);
	}

	return out;
}

import {regions, rules, type Rule} from './catalogue.js';
import type {LinkKind, Resource, RuleSetting} from './model.js';
import {quotaOf} from './ops-account.js';
import {customTagCount, isSystemKey, own, put} from './tags.js';
import type {Txn} from './txn.js';

/** The service-linked role that turning the feature on creates (docs/sources.md: Associated tag inheritance). */
export const serviceRole = 'AliyunServiceRoleForTag';
export const maxScopeKeys = 50;

export const supportedRegions = regions
	.filter((r) => r.inheritance)
	.map((r) => r.id);

export function settingKey(region: string, rule: string): string {
	return `${region} ${rule}`;
}

function settingOf(
	txn: Txn,
	region: string,
	rule: Rule,
): RuleSetting | undefined {
	return txn.setting(settingKey(region, rule.settingName));
}

/** The rules that follow a primary's tag edits, by primary type. */
const rulesByPrimary = new Map<string, Rule[]>();
for (const rule of rules) {
	if (!rule.triggers.includes('primaryTags')) continue;
	rulesByPrimary.set(rule.primary, [
		...(rulesByPrimary.get(rule.primary) ?? []),
		rule,
	]);
}

/** A rule acts only while the feature is on and the rule is enabled in the region. */
function activeSetting(
	txn: Txn,
	region: string,
	rule: Rule,
): RuleSetting | undefined {
	if (!txn.account().inheritance.enabled) return undefined;
	const setting = settingOf(txn, region, rule);
	return setting?.enabled ? setting : undefined;
}

function inScope(setting: RuleSetting, key: string): boolean {
	return (
		!isSystemKey(key) && (setting.keys === null || setting.keys.includes(key))
	);
}

/** Rules that govern a link of `kind` from a `child` type to a `parent` type. */
function rulesOfLink(
	childType: string,
	kind: LinkKind,
	parentType: string,
): Rule[] {
	return rules.filter(
		(r) =>
			r.associated === childType && r.link === kind && r.primary === parentType,
	);
}

function isManaged(child: Resource, rule: Rule, setting: RuleSetting): boolean {
	return (
		setting.existing || (child.managed?.includes(rule.settingName) ?? false)
	);
}

/**
Brings tags of `child` in line with `parent` under `rule`: the given keys (all
in-scope keys when omitted). An inherited value overwrites a same-key tag; a key
the parent no longer has, or that left the scope, is removed if it was
inherited from it. If new keys would pass the quota, nothing new is delivered
(tags already inherited from this primary still follow it), and the skip is
recorded.
*/
function deliver(
	txn: Txn,
	child: Resource,
	parent: Resource,
	rule: Rule,
	setting: RuleSetting,
	keys?: Iterable<string>,
): void {
	const ours = (key: string) => {
		const from = own(child.inherited, key);
		return from?.from === parent.id && from.rule === rule.settingName;
	};

	const wanted = keys ?? [
		...Object.keys(parent.tags),
		...Object.keys(child.inherited ?? {}),
	];
	let set: Record<string, string> | undefined;
	let remove: string[] | undefined;
	// The custom tag count the child would have: the quota applies to what it ends with.
	let total = customTagCount(child.tags);
	for (const key of new Set(wanted)) {
		if (Object.hasOwn(parent.tags, key) && inScope(setting, key)) {
			if (!ours(key) || child.tags[key] !== parent.tags[key]) {
				if (!Object.hasOwn(child.tags, key)) total++;
				put((set ??= {}), key, parent.tags[key]!);
			}
		} else if (ours(key)) {
			if (Object.hasOwn(child.tags, key) && !isSystemKey(key)) total--;
			(remove ??= []).push(key);
		}
	}

	const quota = quotaOf(txn.account(), child.type);
	if (set && total > quota) {
		const fresh = Object.keys(set).filter((key) => !ours(key));
		txn.skips.push({
			id: child.id,
			from: parent.id,
			rule: rule.settingName,
			code: 'QuotaExceed.TagsPerResource',
			message: `${child.id} did not get ${fresh.join(', ')} from ${parent.id} by ${rule.primary}:${rule.associated}: it would have ${total} custom tags, more than the quota of ${quota}.`,
		});
		// Tags already inherited from this primary still follow it; nothing new arrives.
		let follow: Record<string, string> | undefined;
		for (const key in set) {
			if (Object.hasOwn(set, key) && ours(key))
				put((follow ??= {}), key, set[key]!);
		}

		set = follow;
	}

	if (!set && !remove) return;
	const edited = txn.edit(child.id);
	edited.inherited ??= {};
	const {inherited} = edited;
	const changed: string[] = [];
	for (const key in set) {
		if (!Object.hasOwn(set, key)) continue;
		put(edited.tags, key, set[key]!);
		put(inherited, key, {from: parent.id, rule: rule.settingName});
		changed.push(key);
	}

	for (const key of remove ?? []) {
		delete edited.tags[key];
		delete inherited[key];
		changed.push(key);
	}

	if (Object.keys(inherited).length === 0) delete edited.inherited;
	txn.noteTags(child.id, changed);
}

/** Removes every tag `child` inherited from `parent` by `rule`. */
function withdraw(txn: Txn, child: Resource, parent: string, rule: Rule) {
	const keys = Object.entries(child.inherited ?? {})
		.filter(([, p]) => p.from === parent && p.rule === rule.settingName)
		.map(([key]) => key);
	if (keys.length === 0) return;
	const edited = txn.edit(child.id);
	for (const key of keys) {
		delete edited.tags[key];
		delete edited.inherited![key];
	}

	if (Object.keys(edited.inherited!).length === 0) delete edited.inherited;
	txn.noteTags(child.id, keys);
}

function setManaged(txn: Txn, id: string, rule: string, on: boolean) {
	const current = txn.need(id).managed ?? [];
	if (current.includes(rule) === on) return;
	const edited = txn.edit(id);
	const next = on ? [...current, rule] : current.filter((r) => r !== rule);
	if (next.length > 0) edited.managed = next;
	else delete edited.managed;
}

/**
Runs the inheritance a step's own changes trigger (docs/behaviour.md §4): first the
links made and broken, then every tag change, outwards along managed links
(cluster → instance → disk → snapshot), visiting each resource and key once.
*/
export function propagate(txn: Txn): void {
	for (const event of txn.takeLinkEvents()) {
		const child = txn.get(event.child);
		// A primary released in this step is gone from the transaction, not from the world.
		const parent = txn.get(event.parent) ?? txn.world.get(event.parent);
		if (!child || !parent) continue;
		for (const rule of rulesOfLink(child.type, event.kind, parent.type)) {
			const setting = activeSetting(txn, child.region, rule);
			if (event.type === 'unlink') {
				setManaged(txn, child.id, rule.settingName, false);
				// A rule that is off (or the feature) does not act: delivered tags stay.
				if (setting && rule.removeOnUnlink)
					withdraw(txn, txn.get(child.id)!, parent.id, rule);
				continue;
			}

			if (!setting) continue;
			setManaged(txn, child.id, rule.settingName, true);
			if (rule.triggers.includes(event.type)) {
				deliver(txn, txn.get(child.id)!, parent, rule, setting);
			}
		}
	}

	const seen = new Set<string>();
	for (let event = txn.takeTagEvent(); event; event = txn.takeTagEvent()) {
		const parent = txn.get(event.id);
		if (!parent) continue;
		const keys = [...event.keys].filter(
			(key) => !seen.has(`${parent.id}\u0000${key}`),
		);
		for (const key of keys) seen.add(`${parent.id}\u0000${key}`);
		if (keys.length === 0) continue;
		const active = (rulesByPrimary.get(parent.type) ?? [])
			.map((rule) => ({rule, setting: activeSetting(txn, parent.region, rule)}))
			.filter((entry) => entry.setting !== undefined);
		if (active.length === 0) continue;
		const children = txn.children(parent.id);
		for (const {rule, setting} of active) {
			for (const {id} of children) {
				const child = txn.get(id)!;
				if (
					child.type === rule.associated &&
					child.links?.[rule.link] === parent.id &&
					isManaged(child, rule, setting!)
				) {
					deliver(txn, child, parent, rule, setting!, keys);
				}
			}
		}
	}
}

/**
Brings the managed links of `rule` in `region` in line after a change of the
rule or the feature:
- `full` (apply-to-existing just turned on): every in-scope key is delivered,
  overwriting same-key tags, as a new link would be;
- otherwise the tags already inherited by the rule follow the primary and the
  scope (the rule or the feature was off meanwhile, or the scope changed), and
  keys that joined the scope (`oldKeys` given) are delivered. Nothing else is
  touched: a tag made the resource's own, or removed from it, stays so.
*/
export function syncRule(
	txn: Txn,
	region: string,
	rule: Rule,
	setting: RuleSetting,
	mode: {full: true} | {full: false; oldKeys?: string[] | null},
) {
	for (const child of txn.world.inRegion(region)) {
		if (child.type !== rule.associated) continue;
		const current = txn.get(child.id)!;
		const parentId = current.links?.[rule.link];
		const parent = parentId ? txn.get(parentId) : undefined;
		if (parent?.type !== rule.primary || !isManaged(current, rule, setting)) {
			continue;
		}

		if (mode.full) {
			deliver(txn, current, parent, rule, setting);
			continue;
		}

		const inherited = Object.entries(current.inherited ?? {})
			.filter(([, p]) => p.from === parent.id && p.rule === rule.settingName)
			.map(([key]) => key);
		const {oldKeys} = mode;
		const joined =
			oldKeys === undefined || oldKeys === null
				? []
				: Object.keys(parent.tags).filter(
						(key) => inScope(setting, key) && !oldKeys.includes(key),
					);
		deliver(txn, current, parent, rule, setting, [...inherited, ...joined]);
	}
}

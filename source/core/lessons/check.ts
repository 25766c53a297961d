/*
Evaluating a lesson's checks on its world (docs/lessons.md): each is a
predicate over the resources, the account and the log, answered by the same
code that answers the commands (the filter language, compliance, rules).
*/
import {findRule, resolveType} from '../catalogue.js';
import {compliance} from '../governance/compliance.js';
import {parseFilter} from '../filter.js';
import type {LinkKind, LogEvent, WorldData} from '../model.js';
import {listResources} from '../query.js';
import {groupsOf, ramUser} from '../ram/identities.js';
import {own} from '../tags.js';
import type {World} from '../world.js';
import type {Check, Lesson} from './model.js';

/** The ID of the resource `@name` (or `@region/name`) names; undefined if none or several. */
export function resolveRef(world: World, ref: string): string | undefined {
	if (!ref.startsWith('@')) return ref;
	const text = ref.slice(1);
	const slash = text.indexOf('/');
	const region = slash === -1 ? undefined : text.slice(0, slash);
	const name = slash === -1 ? text : text.slice(slash + 1);
	const found: string[] = [];
	world.each((resource) => {
		if (
			resource.name === name &&
			(region === undefined || resource.region === region)
		)
			found.push(resource.id);
	});
	return found.length === 1 ? found[0] : undefined;
}

/** The learner's steps that still stand: not the lesson's setup, not undone; undos and actions too. */
function learnerSteps(data: WorldData): LogEvent[] {
	const standing = new Set(data.history.undo);
	return data.log.filter(
		(event) =>
			!event.past &&
			(standing.has(event.seq) ||
				event.action === true ||
				event.undoOf !== undefined),
	);
}

function within(
	value: number,
	bounds: {equals?: number; atLeast?: number; atMost?: number},
): boolean {
	if (bounds.equals !== undefined && value !== bounds.equals) return false;
	if (bounds.atLeast !== undefined && value < bounds.atLeast) return false;
	if (bounds.atMost !== undefined && value > bounds.atMost) return false;
	return true;
}

/** Whether the check holds on the world now. */
export function passes(check: Check, world: World): boolean {
	const {data} = world;
	if ('all' in check) return check.all.every((c) => passes(c, world));
	if ('any' in check) return check.any.some((c) => passes(c, world));
	if ('not' in check) return !passes(check.not, world);
	if ('count' in check) {
		const found = listResources(world, {
			region: check.count.region,
			filter: parseFilter(check.count.filter),
		});
		return within(found.length, check);
	}

	if ('logged' in check) {
		const {op, api, by} = check.logged;
		const matching = learnerSteps(data).filter(
			(event) =>
				(op === undefined || event.command.op === op) &&
				(api === undefined || event.api === api) &&
				(by === undefined || event.by === by),
		);
		return matching.length >= (check.atLeast ?? 1);
	}

	if ('linked' in check) {
		const from = world.get(resolveRef(world, check.linked.from) ?? '');
		const to = resolveRef(world, check.linked.to);
		return (
			from !== undefined &&
			to !== undefined &&
			from.links?.[check.linked.kind as LinkKind] === to
		);
	}

	if ('account' in check) return accountHolds(check.account, data);
	if ('rule' in check) {
		const rule = findRule(check.rule.rule);
		if (!rule) return false;
		const setting = Object.values(data.rules).find(
			(r) => r.region === check.rule.region && r.rule === rule.settingName,
		);
		return (setting?.enabled ?? false) === check.rule.enabled;
	}

	if ('ramUser' in check) {
		const user = ramUser(data, check.ramUser.name);
		if (!user) return false;
		if (check.ramUser.accessKey && user.accessKeys.length === 0) return false;
		const {group} = check.ramUser;
		return (
			group === undefined ||
			groupsOf(data, user.name).some((g) => g.name === group)
		);
	}

	if ('compliance' in check) {
		if (data.account.tagPolicies.attached.length === 0) return false;
		const report = compliance(world);
		const similar = report.resources.filter((f) => f.reason === 'similar');
		return similar.length <= check.compliance.similarAtMost;
	}

	const entry = own(data.governance, `preset:${check.preset.key}`);
	return (
		entry?.kind === 'preset' &&
		(check.preset.value === undefined ||
			entry.values.includes(check.preset.value))
	);
}

function accountHolds(
	wanted: Extract<Check, {account: unknown}>['account'],
	data: WorldData,
): boolean {
	const {account} = data;
	if (
		wanted.inheritance !== undefined &&
		account.inheritance.enabled !== wanted.inheritance
	)
		return false;
	if (wanted.createdBy !== undefined && account.createdBy !== wanted.createdBy)
		return false;
	if (
		wanted.costTag !== undefined &&
		own(account.costs.enabled, wanted.costTag) === undefined
	)
		return false;
	if (
		wanted.associatedCosts !== undefined &&
		account.costs.associated !== wanted.associatedCosts
	)
		return false;
	if (
		wanted.tagPolicy !== undefined &&
		!account.tagPolicies.attached.includes(wanted.tagPolicy)
	)
		return false;
	if (wanted.quota !== undefined) {
		const type = resolveType(wanted.quota.type).name;
		if ((own(account.quotas, type) ?? 20) < wanted.quota.atLeast) return false;
	}

	return true;
}

/**
Which of a lesson's steps are done, as a lab counts them: in order, a step
once seen done stays done (`seen`: the steps seen done before), and a step is
checked only once the steps before it are done, on the world as it is now.
*/
export function stepsDone(
	lesson: Lesson,
	world: World,
	seen: readonly boolean[] = [],
): boolean[] {
	const done: boolean[] = [];
	let open = true;
	for (const [index, step] of lesson.steps.entries()) {
		const ok = open && (seen[index] === true || passes(step.check, world));
		done.push(ok);
		if (!ok) open = false;
	}

	return done;
}

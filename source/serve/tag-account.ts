/*
Tag API actions on the account's settings (docs/api.md, docs/cloud-facts.md
§6.3, §8, §12, docs/governance.md): associated resource rules, the createdby
tag, and tag policies in single-account mode.

Where the calls are taken: rules in the region given (tagdeck keeps rules per
region; cn-hangzhou when RegionId is left out, as `tagdeck rules` does). The
createdby calls name cn-shanghai, the only value the API documents: another
region is refused with WrongEndpoint (403), as the Tag API refuses a call at an
endpoint that does not take it, so a script that works here works there. Tag
policy calls default to cn-shanghai and refuse another region the same way.

A policy's PolicyId is made from the account and its name (`p-` and 20 hex
digits), so it is the same on every call; tagdeck keeps a policy under its name
for its life, and ModifyPolicy does not rename.
*/
import {createHash} from 'node:crypto';
import {apply, type ApplyResult} from '../core/apply.js';
import {rules, type Rule} from '../core/catalogue.js';
import {worldNow} from '../core/clock.js';
import {TagdeckError} from '../core/errors.js';
import {
	effectiveRules,
	parsedPolicy,
	tagPolicies,
} from '../core/governance/governance.js';
import {maxScopeKeys, settingKey} from '../core/inheritance.js';
import type {
	Command,
	RuleSetting,
	TagPolicyEntry,
	WorldData,
} from '../core/model.js';
import {authorize} from '../core/ram/access.js';
import {principalOf} from '../core/ram/identities.js';
import {checkKey, own} from '../core/tags.js';
import type {World} from '../core/world.js';
import {ApiError, clip, type Action, type Call, type Params} from './api.js';
import {regionOf, tagCodes, tagPage} from './tag-common.js';
import {applied, optionalRegion, refusal, type Refusals} from './tag-meta.js';

/**
Refuses a call the RAM user's policies do not allow, as RAM authorizes every
API call by its action (`tag:ListPolicies`); the account may make any. Calls
that change something are authorized by the core with the command.
*/
async function authorizeCall(call: Call, action: string) {
	if (call.as === undefined) return;
	const world = await call.world();
	const principal = principalOf(world.data, call.as);
	if (principal) authorize(principal, {action, resource: '*'}, '*');
}

// Associated resource rules

/** Rules are set per region; the Tag API's central region when none is given, as `tagdeck rules`. */
const defaultRuleRegion = 'cn-hangzhou';

/** The core's refusals of a rule change, with the statuses of the rule APIs' table. */
const ruleRefusals: Refusals = {
	'NumberExceed.TagKeys': {status: 400},
	'InvalidParameter.TagKey': {status: 403},
	'InvalidSettingName.NotFound': {status: 400},
};

const ruleBySettingName = new Map(rules.map((r) => [r.settingName, r]));

/** A rule named by its whole SettingName, as the API takes it. */
function ruleNamed(name: string): Rule {
	const rule = ruleBySettingName.get(name);
	if (!rule) {
		throw new ApiError(
			400,
			'InvalidParameter.SettingName',
			`The parameter SettingName is invalid: "${clip(name)}" is not one of the ${rules.length} SettingNames of associated resource tag rules (ListAssociatedResourceRules shows the ones set; the user guide lists them all), e.g. ${rules[0]!.settingName}.`,
		);
	}

	return rule;
}

function statusOf(text: string): boolean {
	const status = text.toLowerCase();
	if (status !== 'enable' && status !== 'disable') {
		throw new ApiError(
			400,
			'InvalidParameter.Status',
			`The parameter Status is invalid: "${clip(text)}"; give Enable or Disable.`,
		);
	}

	return status === 'enable';
}

/** ExistingStatus: Enable or Disable (its values are not documented; by analogy with Status). */
function existingOf(text: string | undefined): boolean | undefined {
	if (text === undefined) return undefined;
	const status = text.toLowerCase();
	if (status !== 'enable' && status !== 'disable') {
		throw new ApiError(
			400,
			'InvalidParameter.ExistingStatus',
			`ExistingStatus "${clip(text)}" is not Enable or Disable.`,
		);
	}

	return status === 'enable';
}

/** A rule's tag keys: at most 50, each a key the tag rules take. */
function scopeKeys(params: Params, prefix: string): string[] | undefined {
	const keys = params.list(prefix, {
		max: maxScopeKeys,
		tooMany: (max) =>
			new ApiError(
				400,
				'NumberExceed.TagKeys',
				`The maximum number of TagKeys is exceeded: a rule inherits all keys or at most ${max}.`,
			),
	});
	for (const key of keys) {
		try {
			checkKey(key);
		} catch (error) {
			throw new ApiError(
				403,
				'InvalidParameter.TagKey',
				(error as TagdeckError).message,
			);
		}
	}

	return keys.length === 0 ? undefined : [...new Set(keys)];
}

/** A call names each rule at most once: at most as many names as there are rules. */
const settingNames = {
	max: rules.length,
	tooMany: (max: number) =>
		new ApiError(
			400,
			'NumberExceed.SettingNames',
			`The maximum number of SettingNames is exceeded: there are ${max} rules, each named at most once.`,
		),
};

function settingOf(
	world: World,
	region: string,
	rule: Rule,
): RuleSetting | undefined {
	return own(world.data.rules, settingKey(region, rule.settingName));
}

function notSet(region: string, rule: Rule): ApiError {
	return new ApiError(
		400,
		'InvalidSettingName.NotFound',
		`The specified SettingName is not found: ${rule.settingName} is not set in ${region} (CreateAssociatedResourceRules sets it).`,
	);
}

async function listAssociatedResourceRules(call: Call) {
	const {params} = call;
	const region = optionalRegion(params, defaultRuleRegion);
	const names = new Set(
		params
			.list('SettingName', settingNames)
			.map((n) => ruleNamed(n).settingName),
	);
	const statusText = params.get('Status');
	const status = statusText === undefined ? undefined : statusOf(statusText);
	const size = params.integer('MaxResult', 1, 100, 50);
	await authorizeCall(call, 'tag:ListAssociatedResourceRules');
	const world = await call.world();
	if (!world.data.account.inheritance.enabled) {
		throw new ApiError(
			400,
			'InvalidOperation.NotActivated',
			'The associated resources service has not been activated: associated tag inheritance is turned on in the console (tagdeck inheritance on).',
		);
	}

	const found = Object.values(world.data.rules)
		.filter(
			(s) =>
				s.region === region &&
				(names.size === 0 || names.has(s.rule)) &&
				(status === undefined || s.enabled === status),
		)
		.toSorted((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
	const {page, next} = tagPage(params, found, (s) => s.rule, size);
	return {
		NextToken: next ?? '',
		Rules: page.map((s) => ({
			SettingName: s.rule,
			Status: s.enabled ? 'Enable' : 'Disable',
			// All keys: no list.
			TagKeys: s.keys ?? [],
			ExistingStatus: s.existing ? 'Enable' : 'Disable',
		})),
	};
}

type NewRule = {
	rule: Rule;
	enable: boolean;
	keys: string[] | undefined;
	existing: boolean | undefined;
};

/** The core command that sets rules, enabled or recorded disabled. */
function ruleCommand(
	region: string,
	names: string[],
	item: Omit<NewRule, 'rule'>,
): Command {
	return {
		op: 'rules',
		region,
		rules: names,
		enable: item.enable,
		...(item.enable ? {} : {record: true}),
		keys: item.keys ?? null,
		existing: item.existing ?? false,
	};
}

/**
CreateAssociatedResourceRules: every rule is checked first, and none may be
set already; rules with the same settings are one step, so a call whose rules
differ in Status, TagKeys or ExistingStatus makes one step for each.
*/
async function createAssociatedResourceRules(call: Call) {
	const {params} = call;
	const region = optionalRegion(params, defaultRuleRegion);
	const list = 'CreateRulesList';
	const numbers = params.items(list, settingNames);
	if (numbers.length === 0) {
		throw new ApiError(
			400,
			'MissingParameter.AssociatedResourceRule',
			'The parameter AssociatedResourceRule must not be null: give CreateRulesList.N.SettingName and .Status.',
		);
	}

	const items: NewRule[] = numbers.map((n) => {
		const name = params.get(`${list}.${n}.SettingName`);
		if (name === undefined) {
			throw new ApiError(
				400,
				'MissingParameter.SettingName',
				`You must specify SettingName: ${list}.${n}.SettingName is missing.`,
			);
		}

		const rule = ruleNamed(name);
		const status = params.get(`${list}.${n}.Status`);
		if (status === undefined) {
			throw new ApiError(
				400,
				'MissingParameter.Status',
				`You must specify Status: ${list}.${n}.Status is missing (Enable or Disable).`,
			);
		}

		const existing = existingOf(params.get(`${list}.${n}.ExistingStatus`));
		if (existing && !rule.existing) {
			throw new ApiError(
				400,
				'InvalidParameter.ExistingStatus',
				`${rule.settingName} cannot apply to existing resources (the user guide marks it No); leave ExistingStatus out or Disable.`,
			);
		}

		return {
			rule,
			enable: statusOf(status),
			keys: scopeKeys(params, `${list}.${n}.TagKeys`),
			existing,
		};
	});
	const seen = new Set<string>();
	for (const {rule} of items) {
		if (seen.has(rule.settingName)) {
			throw new ApiError(
				400,
				'InvalidParameter.SettingName',
				`${rule.settingName} is named twice in CreateRulesList.`,
			);
		}

		seen.add(rule.settingName);
	}

	const groups = new Map<string, NewRule[]>();
	for (const item of items) {
		const same = JSON.stringify([item.enable, item.keys, item.existing]);
		groups.set(same, [...(groups.get(same) ?? []), item]);
	}

	let first = true;
	for (const group of groups.values()) {
		const checked = first;
		first = false;

		await applied(
			call,
			(world) => {
				if (checked) {
					for (const {rule} of items) {
						if (settingOf(world, region, rule)) {
							throw new ApiError(
								400,
								'InvalidRule.Existed',
								`The rule with SettingName ${rule.settingName} already exists in ${region}, please do not create it again (UpdateAssociatedResourceRule changes it).`,
							);
						}
					}
				}

				return ruleCommand(
					region,
					group.map((item) => item.rule.settingName),
					group[0]!,
				);
			},
			ruleRefusals,
		);
	}

	return {};
}

function settingNameOf(params: Params): Rule {
	const name = params.get('SettingName');
	if (name === undefined) {
		throw new ApiError(
			400,
			'MissingParameter.SettingName',
			'You must specify SettingName.',
		);
	}

	return ruleNamed(name);
}

async function updateAssociatedResourceRule(call: Call) {
	const {params} = call;
	const region = optionalRegion(params, defaultRuleRegion);
	const rule = settingNameOf(params);
	const statusText = params.get('Status');
	const status = statusText === undefined ? undefined : statusOf(statusText);
	const keys = scopeKeys(params, 'TagKeys');
	const existing = existingOf(params.get('ExistingStatus'));
	await applied(
		call,
		(world) => {
			const old = settingOf(world, region, rule);
			if (!old) throw notSet(region, rule);
			const enable = status ?? old.enabled;
			// What is not given stays as it is.
			return {
				op: 'rules',
				region,
				rules: [rule.settingName],
				enable,
				...(enable ? {} : {record: true}),
				...(keys === undefined ? {} : {keys}),
				...(existing === undefined ? {} : {existing}),
			};
		},
		ruleRefusals,
	);
	return {};
}

async function deleteAssociatedResourceRule(call: Call) {
	const {params} = call;
	const region = optionalRegion(params, defaultRuleRegion);
	const rule = settingNameOf(params);
	await applied(
		call,
		(world) => {
			if (!settingOf(world, region, rule)) throw notSet(region, rule);
			return {
				op: 'rules',
				region,
				rules: [rule.settingName],
				enable: false,
				remove: true,
			};
		},
		ruleRefusals,
	);
	return {};
}

// The createdby tag

function shanghaiOnly(region: string): ApiError {
	return new ApiError(
		403,
		'WrongEndpoint',
		`Only the shanghai endpoint supports the operation: call with RegionId cn-shanghai, not ${region}.`,
	);
}

/** The createdby calls take RegionId cn-shanghai, the one value the API documents. */
function createdByRegion(params: Params) {
	const region = regionOf(params);
	if (region !== 'cn-shanghai') throw shanghaiOnly(region);
}

const createdByRefusals: Refusals = {
	'Forbidden.AccountOnly': {
		code: 'PermissionDenied',
		status: 403,
		message:
			"Only a primary account can perform the operation: the createdby tag is the account's own setting; call with the account's AccessKey, not a RAM user's.",
	},
};

async function switchCreatedBy(call: Call, enabled: boolean) {
	createdByRegion(call.params);
	await applied(call, {op: 'createdby', enabled}, createdByRefusals);
	return {};
}

async function checkCreatedByEnabled(call: Call) {
	createdByRegion(call.params);
	await authorizeCall(call, 'tag:CheckCreatedByEnabled');
	const world = await call.world();
	return {OpenStatus: world.data.account.createdBy};
}

// Tag policies, single-account mode

/** Tag policy calls default to cn-shanghai and take no other region. */
function policyRegion(params: Params) {
	const region = optionalRegion(params, 'cn-shanghai');
	if (region !== 'cn-shanghai') throw shanghaiOnly(region);
}

/** A policy's ID: `p-` and 20 hex digits, made from the account and the name. */
export function policyIdOf(accountId: string, name: string): string {
	const digest = createHash('sha256')
		.update(`${accountId}:${name}`)
		.digest('hex');
	return `p-${digest.slice(0, 20)}`;
}

function policyById(data: WorldData, id: string): TagPolicyEntry {
	const entry = tagPolicies(data).find(
		(p) => policyIdOf(data.account.id, p.name) === id,
	);
	if (!entry) {
		throw new TagdeckError(
			'TagPolicy.NotFound',
			`There is no tag policy with PolicyId "${clip(id)}" (ListPolicies lists them).`,
		);
	}

	return entry;
}

function policyIdParam(params: Params): string {
	return params.required('PolicyId');
}

/** UserType: tagdeck simulates single-account mode (USER); a resource directory (RD) is not simulated. */
function singleAccount(params: Params) {
	const userType = params.oneOf('UserType', ['USER', 'RD'], 'USER');
	if (userType === 'RD') {
		throw tagCodes.invalid(
			'UserType',
			'tagdeck simulates tag policies in single-account mode (UserType USER) only; a resource directory (RD) is not simulated.',
		);
	}
}

/** TargetType and TargetId: in single-account mode the one target is the account (USER). */
function accountTarget(params: Params, accountId: string) {
	const type = params.oneOf(
		'TargetType',
		['USER', 'ROOT', 'FOLDER', 'ACCOUNT'],
		'USER',
	);
	if (type !== 'USER') {
		throw tagCodes.invalid(
			'TargetType',
			`TargetType ${type} is a resource directory's; in single-account mode the target is the account, TargetType USER.`,
		);
	}

	const id = params.get('TargetId');
	if (id !== undefined && id !== accountId) {
		throw tagCodes.invalid(
			'TargetId',
			`TargetId "${clip(id)}" is not this account (${accountId}); leave it out or give the account's ID.`,
		);
	}
}

function policyDescription(params: Params): string | undefined {
	const text = params.raw('PolicyDesc');
	if (text !== undefined && [...text].length > 512) {
		throw tagCodes.invalid(
			'PolicyDesc',
			`PolicyDesc has ${[...text].length} characters; at most 512.`,
		);
	}

	return text;
}

const pageSize = (params: Params) => params.integer('MaxResult', 1, 1000, 50);

function policyOut(accountId: string, entry: TagPolicyEntry) {
	return {
		PolicyId: policyIdOf(accountId, entry.name),
		PolicyName: entry.name,
		PolicyDesc: entry.description,
		PolicyContent: entry.document,
		UserType: 'USER',
	};
}

/**
Tries a command without applying it (DryRun): the core's own checks, the
caller's permissions among them.
*/
async function tried(
	call: Call,
	command: Command,
	api: string,
): Promise<ApplyResult> {
	const world = await call.world();
	const result = apply(world, command, {
		now: worldNow(world.data, Date.now()),
		dryRun: true,
		api,
		...(call.as === undefined ? {} : {as: call.as}),
	});
	if (!result.ok) throw refusal(result.error);
	return result;
}

async function createPolicy(call: Call) {
	const {params} = call;
	policyRegion(params);
	const name = params.required('PolicyName');
	const document = params.required('PolicyContent');
	const description = policyDescription(params) ?? '';
	singleAccount(params);
	const command: Command = {
		op: 'tag-policy',
		action: 'create',
		name,
		document,
		description,
	};
	await (params.boolean('DryRun', false)
		? tried(call, command, 'Tag:CreatePolicy')
		: applied(call, command));
	const world = await call.world();
	return {PolicyId: policyIdOf(world.data.account.id, name), PolicyName: name};
}

async function modifyPolicy(call: Call) {
	const {params} = call;
	policyRegion(params);
	const id = policyIdParam(params);
	const document = params.get('PolicyContent');
	const description = policyDescription(params);
	const name = params.get('PolicyName');
	const world = await call.world();
	const entry = policyById(world.data, id);
	if (name !== undefined && name !== entry.name) {
		throw new ApiError(
			400,
			'InvalidParameter.PolicyName',
			`tagdeck keeps a tag policy's name for its life (its PolicyId is made from it): give PolicyName ${entry.name} or leave it out; to rename, create a policy with the new name.`,
		);
	}

	const command: Command = {
		op: 'tag-policy',
		action: 'modify',
		name: entry.name,
		...(document === undefined ? {} : {document}),
		...(description === undefined ? {} : {description}),
	};
	await (params.boolean('DryRun', false)
		? tried(call, command, 'Tag:ModifyPolicy')
		: applied(call, command));
	return {};
}

/** A change of one policy, named by its PolicyId in the latest world. */
async function policyChange(
	call: Call,
	action: 'delete' | 'attach' | 'detach',
) {
	const {params} = call;
	policyRegion(params);
	const id = policyIdParam(params);
	if (action !== 'delete') {
		const world = await call.world();
		accountTarget(params, world.data.account.id);
	}

	await applied(call, (world) => ({
		op: 'tag-policy',
		action,
		name: policyById(world.data, id).name,
	}));
	return {};
}

async function getPolicy(call: Call) {
	const {params} = call;
	policyRegion(params);
	const id = policyIdParam(params);
	await authorizeCall(call, 'tag:GetPolicy');
	const world = await call.world();
	const entry = policyById(world.data, id);
	return {
		Policy: {
			PolicyName: entry.name,
			PolicyDesc: entry.description,
			PolicyContent: entry.document,
			UserType: 'USER',
		},
	};
}

const tenAtMost = (name: string) => ({
	max: 10,
	tooMany: (max: number) =>
		tagCodes.invalid(name, `A call takes at most ${max} ${name}.N.`),
});

async function listPolicies(call: Call) {
	const {params} = call;
	policyRegion(params);
	const ids = new Set(params.list('PolicyIds', tenAtMost('PolicyIds')));
	const names = new Set(params.list('PolicyNames', tenAtMost('PolicyNames')));
	const userType = params.oneOf('UserType', ['USER', 'RD'], 'USER');
	const size = pageSize(params);
	await authorizeCall(call, 'tag:ListPolicies');
	const {data} = await call.world();
	const accountId = data.account.id;
	// A resource directory's policies (RD): tagdeck has none.
	const found = tagPolicies(data).filter(
		(p) =>
			userType === 'USER' &&
			(ids.size === 0 || ids.has(policyIdOf(accountId, p.name))) &&
			(names.size === 0 || names.has(p.name)),
	);
	const {page, next} = tagPage(params, found, (p) => p.name, size);
	return {
		NextToken: next ?? '',
		PolicyList: page.map((p) => policyOut(accountId, p)),
	};
}

/**
When each attached policy was attached: the time of the step in effect that
attached it (undone steps are not in effect). Absent for a policy attached in a
world's made-up past.
*/
function attachTimes(data: WorldData): Map<string, string> {
	const inEffect = new Set(data.history.undo);
	const times = new Map<string, string>();
	for (const event of data.log) {
		const {command} = event;
		if (
			inEffect.has(event.seq) &&
			command.op === 'tag-policy' &&
			command.action === 'attach' &&
			command.name !== undefined
		)
			times.set(command.name, event.at);
	}

	return times;
}

async function getEffectivePolicy(call: Call) {
	const {params} = call;
	policyRegion(params);
	const keys = new Set(
		params
			.list('TagKeys', {
				max: 100,
				tooMany: (max) =>
					tagCodes.invalid('TagKeys', `A call takes at most ${max} TagKeys.N.`),
			})
			.map((key) => key.toLowerCase()),
	);
	await authorizeCall(call, 'tag:GetEffectivePolicy');
	const {data} = await call.world();
	const accountId = data.account.id;
	accountTarget(params, accountId);
	const found = effectiveRules(data).filter(
		(r) => keys.size === 0 || keys.has(r.policyKey),
	);

	const tags = Object.fromEntries(
		found.map((r) => [
			r.policyKey,
			{
				tag_key: r.key,
				...(r.values ? {tag_value: r.values} : {}),
				...(r.types ? {resource_type_scope: r.types} : {}),
				...(r.regions ? {region_scope: r.regions} : {}),
				...(r.enforcedFor.length > 0 ? {enforced_for: r.enforcedFor} : {}),
			},
		]),
	);

	const {attached} = data.account.tagPolicies;
	const times = attachTimes(data);
	return {
		EffectivePolicy: JSON.stringify({tags}),
		PolicyAttachments: found.map((r) => ({
			TagKey: r.key,
			PolicyType: 'tags',
			PolicyList: attached.flatMap((name, index) => {
				const entry = tagPolicies(data).find((p) => p.name === name);
				if (
					!entry ||
					!parsedPolicy(entry).rules.some((x) => x.policyKey === r.policyKey)
				)
					return [];
				const at = times.get(name);
				return [
					{
						PolicyId: policyIdOf(accountId, name),
						PolicyName: name,
						TargetId: accountId,
						TargetType: 'USER',
						AttachSeq: index + 1,
						...(at === undefined ? {} : {AttachTime: at}),
					},
				];
			}),
		})),
	};
}

async function listTargetsForPolicy(call: Call) {
	const {params} = call;
	policyRegion(params);
	const id = policyIdParam(params);
	const size = pageSize(params);
	await authorizeCall(call, 'tag:ListTargetsForPolicy');
	const {data} = await call.world();
	const entry = policyById(data, id);
	const accountId = data.account.id;
	const targets = data.account.tagPolicies.attached.includes(entry.name)
		? [accountId]
		: [];
	const {page, next} = tagPage(params, targets, (target) => target, size);
	return {
		IsRd: false,
		NextToken: next ?? '',
		/*
		TargetType is left out. The API documents it as a word (USER, ROOT,
		FOLDER, ACCOUNT), but @alicloud/tag20180828 declares it a number and its
		parser rejects the whole response when it meets a word ("type of
		targetType is mismatch, expect number"): a script could not read the
		answer at all. A number would be one tagdeck made up, with no documented
		meaning. In single-account mode (IsRd false) the one target is the
		account, whose type is USER.
		*/
		Targets: page.map((target) => ({TargetId: target})),
	};
}

async function listPoliciesForTarget(call: Call) {
	const {params} = call;
	policyRegion(params);
	const size = pageSize(params);
	await authorizeCall(call, 'tag:ListPoliciesForTarget');
	const {data} = await call.world();
	const accountId = data.account.id;
	accountTarget(params, accountId);
	const {attached} = data.account.tagPolicies;
	const found = tagPolicies(data).filter((p) => attached.includes(p.name));
	const {page, next} = tagPage(params, found, (p) => p.name, size);
	return {
		NextToken: next ?? '',
		Data: page.map((p) => policyOut(accountId, p)),
	};
}

/** OpenType: the tag policy feature, or strong verification (VERIFY_NO_TAG). */
const openTypeOf = (params: Params) =>
	params.oneOf('OpenType', ['TAG_POLICY', 'VERIFY_NO_TAG'], 'TAG_POLICY');

async function getPolicyEnableStatus(call: Call) {
	const {params} = call;
	policyRegion(params);
	const userType = params.oneOf('UserType', ['USER', 'RD'], 'USER');
	const openType = openTypeOf(params);
	await authorizeCall(call, 'tag:GetPolicyEnableStatus');
	const {data} = await call.world();
	// Tag policies are always on in single-account mode; a resource directory's are not simulated.
	const on =
		userType === 'USER' &&
		(openType === 'TAG_POLICY' || data.account.tagPolicies.strong);
	return {
		StatusModels: [{UserType: userType, Status: on ? 'Enabled' : 'Disabled'}],
	};
}

async function enablePolicyType(call: Call) {
	const {params} = call;
	policyRegion(params);
	singleAccount(params);
	if (openTypeOf(params) === 'TAG_POLICY') {
		// Always on in tagdeck: nothing to change.
		await authorizeCall(call, 'tag:EnablePolicyType');
		return {};
	}

	await applied(call, {op: 'tag-policy', action: 'strong', enabled: true});
	return {};
}

async function disablePolicyType(call: Call) {
	const {params} = call;
	policyRegion(params);
	singleAccount(params);
	if (openTypeOf(params) === 'TAG_POLICY') {
		throw tagCodes.invalid(
			'OpenType',
			'tagdeck keeps tag policies on in single-account mode: detach a policy to stop it (DetachPolicy); DisablePolicyType takes OpenType VERIFY_NO_TAG, to turn strong verification off.',
		);
	}

	await applied(call, {op: 'tag-policy', action: 'strong', enabled: false});
	return {};
}

export const tagAccountActions: Record<string, Action> = {
	ListAssociatedResourceRules: listAssociatedResourceRules,
	CreateAssociatedResourceRules: createAssociatedResourceRules,
	UpdateAssociatedResourceRule: updateAssociatedResourceRule,
	DeleteAssociatedResourceRule: deleteAssociatedResourceRule,
	OpenCreatedBy: async (call) => switchCreatedBy(call, true),
	CloseCreatedBy: async (call) => switchCreatedBy(call, false),
	CheckCreatedByEnabled: checkCreatedByEnabled,
	CreatePolicy: createPolicy,
	DeletePolicy: async (call) => policyChange(call, 'delete'),
	GetPolicy: getPolicy,
	ListPolicies: listPolicies,
	AttachPolicy: async (call) => policyChange(call, 'attach'),
	DetachPolicy: async (call) => policyChange(call, 'detach'),
	GetEffectivePolicy: getEffectivePolicy,
	ListTargetsForPolicy: listTargetsForPolicy,
	ListPoliciesForTarget: listPoliciesForTarget,
	ModifyPolicy: modifyPolicy,
	GetPolicyEnableStatus: getPolicyEnableStatus,
	EnablePolicyType: enablePolicyType,
	DisablePolicyType: disablePolicyType,
};

/*
The Tag API's account settings through tagdeck serve, driven by the official
SDKs unmodified (docs/api.md, docs/cloud-facts.md §6.3, §8, §12,
docs/governance.md): associated resource rules set, listed, changed and
deleted per region, and what they then deliver; the createdby switch, taken in
cn-shanghai; tag policies in single-account mode, from CreatePolicy to what the
policy in force refuses. Each change is a step of the log named by its action,
undo reverses it; refusals come with the Tag API's codes and statuses; a RAM
user is decided by their policies, each call as its own action.
*/
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {settingKey} from '../../source/core/inheritance.js';
import type {Command, Resource} from '../../source/core/model.js';
import {
	type Key,
	rejection,
	type SdkClient,
	Tag,
	TestServer,
} from '../helpers/serve.js';

let server: TestServer;
let tag: SdkClient;

beforeAll(async () => {
	server = await TestServer.start();
	tag = server.tag();
});

afterAll(async () => {
	await server?.close();
});

async function core(command: Command) {
	const result = await server.store.apply(command);
	expect(result.ok, JSON.stringify(result.error)).toBe(true);
	return result;
}

/** A new RAM user with an AccessKey and a policy allowing `actions`. */
async function userAllowed(name: string, ...actions: string[]): Promise<Key> {
	await core({op: 'ram', action: 'create-user', name, accessKey: true});
	if (actions.length > 0) {
		await core({
			op: 'ram',
			action: 'create-policy',
			name: `${name}-policy`,
			document: JSON.stringify({
				Version: '1',
				Statement: [{Effect: 'Allow', Action: actions, Resource: '*'}],
			}),
		});
		await core({
			op: 'ram',
			action: 'attach',
			name: `${name}-policy`,
			user: name,
		});
	}

	return server.keyOf(name);
}

const named = (name: string): Resource =>
	Object.values(server.world().resources).find((r) => r.name === name)!;

describe('associated resource rules', () => {
	const diskRule =
		'rule:AttachDisk-DetachDisk-TagInstance:Ecs-Instance:Ecs-Disk';
	const eniRule = 'rule:AttachEni-DetachEni-TagInstance:Ecs-Instance:Ecs-Eni';
	const clusterRule = 'rule:TagCluster:Cs-Cluster:Ecs-SecurityGroup';
	const create = (items: Array<Record<string, unknown>>, regionId?: string) =>
		tag.createAssociatedResourceRules(
			new Tag.CreateAssociatedResourceRulesRequest({
				...(regionId ? {regionId} : {}),
				createRulesList: items.map(
					(item) =>
						new Tag.CreateAssociatedResourceRulesRequestCreateRulesList(item),
				),
			}),
		);
	const list = async (request: Record<string, unknown> = {}) => {
		const rules: unknown[] = [];
		let nextToken: string | undefined;
		let pages = 0;
		do {
			const response = await tag.listAssociatedResourceRules(
				new Tag.ListAssociatedResourceRulesRequest({...request, nextToken}),
			);
			pages++;
			rules.push(...response.body.rules);
			nextToken =
				response.body.nextToken === '' ? undefined : response.body.nextToken;
		} while (nextToken);

		return {rules, pages};
	};

	test('before the feature is on, listing and creating are InvalidOperation.NotActivated (400)', async () => {
		const listed = await rejection(list());
		expect([listed.code, listed.statusCode]).toEqual([
			'InvalidOperation.NotActivated',
			400,
		]);
		const created = await rejection(
			create([{settingName: diskRule, status: 'Enable'}]),
		);
		expect([created.code, created.statusCode]).toEqual([
			'InvalidOperation.NotActivated',
			400,
		]);
	});

	test('CreateAssociatedResourceRules sets rules in cn-hangzhou (by default); an instance’s disks take its tags at once with ExistingStatus Enable; a rule created disabled is listed Disable', async () => {
		await core({op: 'inheritance', enabled: true});
		const before = server.world().log.length;
		await create([
			{
				settingName: diskRule,
				status: 'Enable',
				tagKeys: ['env', 'team'],
				existingStatus: 'Enable',
			},
			{
				settingName: eniRule,
				status: 'Enable',
				tagKeys: ['env', 'team'],
				existingStatus: 'Enable',
			},
			{settingName: clusterRule, status: 'Disable'},
		]);
		const {log, rules} = server.world();
		// Two settings, two steps, each named by the call.
		expect(log.slice(before).map((e) => e.api)).toEqual([
			'Tag:CreateAssociatedResourceRules',
			'Tag:CreateAssociatedResourceRules',
		]);
		expect(rules[settingKey('cn-hangzhou', diskRule)]).toEqual({
			region: 'cn-hangzhou',
			rule: diskRule,
			enabled: true,
			keys: ['env', 'team'],
			existing: true,
		});
		expect(rules[settingKey('cn-hangzhou', clusterRule)]).toMatchObject({
			enabled: false,
			keys: null,
		});
		const instance = named('web-prod-1');
		const disks = Object.values(server.world().resources).filter(
			(r) => r.links?.attachedTo === instance.id && r.type === 'Ecs-Disk',
		);
		expect(disks.length).toBeGreaterThan(0);
		for (const disk of disks)
			expect(disk.tags).toMatchObject({
				env: instance.tags.env,
				team: instance.tags.team,
			});

		const {rules: listed, pages} = await list({maxResult: 2});
		expect(pages).toBe(2);
		expect(listed).toEqual(
			[diskRule, eniRule, clusterRule].toSorted().map((name) => {
				const setting = rules[settingKey('cn-hangzhou', name)]!;
				return {
					settingName: name,
					status: setting.enabled ? 'Enable' : 'Disable',
					tagKeys: setting.keys ?? [],
					existingStatus: setting.existing ? 'Enable' : 'Disable',
				};
			}),
		);
		const enabled = await list({status: 'Enable', settingName: [diskRule]});
		expect(enabled.rules).toHaveLength(1);
		const elsewhere = await list({regionId: 'cn-shanghai'});
		expect(elsewhere.rules).toEqual([]);
	});

	test('UpdateAssociatedResourceRule changes what is given and keeps the rest; a tag the instance gets reaches its disks, not once the rule is disabled', async () => {
		const update = (request: Record<string, unknown>) =>
			tag.updateAssociatedResourceRule(
				new Tag.UpdateAssociatedResourceRuleRequest({
					settingName: diskRule,
					...request,
				}),
			);
		await update({tagKeys: ['env', 'team', 'wave']});
		expect(server.world().log.at(-1)!.api).toBe(
			'Tag:UpdateAssociatedResourceRule',
		);
		const instance = named('web-prod-1');
		const disk = Object.values(server.world().resources).find(
			(r) => r.links?.attachedTo === instance.id && r.type === 'Ecs-Disk',
		)!;
		await core({op: 'tag', ids: [instance.id], tags: {wave: '1'}});
		expect(server.world().resources[disk.id]!.tags.wave).toBe('1');
		await update({status: 'Disable'});
		expect(server.world().rules[settingKey('cn-hangzhou', diskRule)]).toEqual({
			region: 'cn-hangzhou',
			rule: diskRule,
			enabled: false,
			keys: ['env', 'team', 'wave'],
			existing: true,
		});
		await core({op: 'tag', ids: [instance.id], tags: {wave: '2'}});
		expect(server.world().resources[disk.id]!.tags.wave).toBe('1');
		await update({status: 'Enable'});
		expect(server.world().resources[disk.id]!.tags.wave).toBe('2');
	});

	test('DeleteAssociatedResourceRule removes the rule from the list; undo brings it back', async () => {
		await tag.deleteAssociatedResourceRule(
			new Tag.DeleteAssociatedResourceRuleRequest({settingName: eniRule}),
		);
		expect(server.world().log.at(-1)!.api).toBe(
			'Tag:DeleteAssociatedResourceRule',
		);
		const after = await list();
		expect(
			after.rules.map((r) => (r as {settingName: string}).settingName),
		).toEqual([diskRule, clusterRule].toSorted());
		await core({op: 'undo'});
		expect(
			server.world().rules[settingKey('cn-hangzhou', eniRule)]?.enabled,
		).toBe(true);
	});

	test('refusals with the rule APIs’ codes, each 400: set already, not set, unknown name, missing fields, too many keys, existing where the rule has none, a region without the feature; nothing changes', async () => {
		const {revision} = server.world();
		const refused = async (
			promise: Promise<unknown>,
			code: string,
			status = 400,
		) => {
			const error = await rejection(promise);
			expect(
				[error.code, error.statusCode],
				String(error.data?.Message),
			).toEqual([code, status]);
		};

		await refused(
			create([{settingName: diskRule, status: 'Enable'}]),
			'InvalidRule.Existed',
		);
		await refused(
			tag.updateAssociatedResourceRule(
				new Tag.UpdateAssociatedResourceRuleRequest({
					settingName: diskRule,
					regionId: 'cn-beijing',
					status: 'Enable',
				}),
			),
			'InvalidSettingName.NotFound',
		);
		await refused(
			tag.deleteAssociatedResourceRule(
				new Tag.DeleteAssociatedResourceRuleRequest({
					settingName: 'Ecs-Instance:Ecs-Disk',
				}),
			),
			'InvalidParameter.SettingName',
		);
		await refused(
			create([{settingName: diskRule}], 'cn-beijing'),
			'MissingParameter.Status',
		);
		await refused(
			create([{status: 'Enable'}], 'cn-beijing'),
			'MissingParameter.SettingName',
		);
		await refused(create([]), 'MissingParameter.AssociatedResourceRule');
		await refused(
			create([{settingName: diskRule, status: 'On'}], 'cn-beijing'),
			'InvalidParameter.Status',
		);
		await refused(
			create(
				[
					{
						settingName: diskRule,
						status: 'Enable',
						tagKeys: Array.from({length: 51}, (_, i) => `k${i}`),
					},
				],
				'cn-beijing',
			),
			'NumberExceed.TagKeys',
		);
		await refused(
			create(
				[
					{
						settingName: clusterRule,
						status: 'Enable',
						existingStatus: 'Enable',
					},
				],
				'cn-beijing',
			),
			'InvalidParameter.ExistingStatus',
		);
		await refused(
			create([{settingName: diskRule, status: 'Enable'}], 'ap-northeast-2'),
			'InvalidOperation.RegionNotSupported',
		);
		await refused(
			create(
				[{settingName: diskRule, status: 'Enable', tagKeys: ['acs:x']}],
				'cn-beijing',
			),
			'InvalidParameter.TagKey',
			403,
		);
		expect(server.world().revision).toBe(revision);
	});
});

describe('the createdby tag', () => {
	const shanghai = {regionId: 'cn-shanghai'};
	const status = async () => {
		const response = await tag.checkCreatedByEnabled(
			new Tag.CheckCreatedByEnabledRequest(shanghai),
		);
		return response.body.openStatus as boolean;
	};

	test('CheckCreatedByEnabled says what the account has; Close and Open switch it, each a step; twice is refused', async () => {
		expect(await status()).toBe(server.world().account.createdBy);
		expect(await status()).toBe(true);
		await tag.closeCreatedBy(new Tag.CloseCreatedByRequest(shanghai));
		expect(server.world().account.createdBy).toBe(false);
		expect(server.world().log.at(-1)!.api).toBe('Tag:CloseCreatedBy');
		expect(await status()).toBe(false);
		const closed = await rejection(
			tag.closeCreatedBy(new Tag.CloseCreatedByRequest(shanghai)),
		);
		expect([closed.code, closed.statusCode]).toEqual([
			'InvalidOperation.CreatedByClosed',
			400,
		]);
		await tag.openCreatedBy(new Tag.OpenCreatedByRequest(shanghai));
		expect(await status()).toBe(true);
		const open = await rejection(
			tag.openCreatedBy(new Tag.OpenCreatedByRequest(shanghai)),
		);
		expect([open.code, open.statusCode]).toEqual(['CreatedByAlreadyOpen', 400]);
		await core({op: 'undo'});
		expect(await status()).toBe(false);
		await core({op: 'redo'});
	});

	test('only in cn-shanghai: another region is WrongEndpoint (403), none MissingParameter.RegionId (404); a RAM user is PermissionDenied (403)', async () => {
		const wrong = await rejection(
			tag.openCreatedBy(
				new Tag.OpenCreatedByRequest({regionId: 'cn-hangzhou'}),
			),
		);
		expect([wrong.code, wrong.statusCode]).toEqual(['WrongEndpoint', 403]);
		expect(String(wrong.data.Message)).toContain('cn-shanghai');
		const none = await rejection(
			tag.checkCreatedByEnabled(new Tag.CheckCreatedByEnabledRequest({})),
		);
		expect([none.code, none.statusCode]).toEqual([
			'MissingParameter.RegionId',
			404,
		]);
		const key = await userAllowed('createdby-admin', 'tag:*');
		const denied = await rejection(
			server.tag(key).closeCreatedBy(new Tag.CloseCreatedByRequest(shanghai)),
		);
		expect([denied.code, denied.statusCode]).toEqual(['PermissionDenied', 403]);
		expect(server.world().account.createdBy).toBe(true);
		// Reading it is an API call RAM allows with tag:*.
		const read = await server
			.tag(key)
			.checkCreatedByEnabled(new Tag.CheckCreatedByEnabledRequest(shanghai));
		expect(read.body.openStatus).toBe(true);
	});
});

describe('tag policies, single-account mode', () => {
	const policyDocument = (values: string[]) =>
		JSON.stringify({
			tags: {
				costcenter: {
					tag_key: {'@@assign': 'CostCenter'},
					tag_value: {'@@assign': values},
					enforced_for: {'@@assign': ['ecs:instance']},
				},
			},
		});
	const ids = new Map<string, string>();
	const createPolicy = async (
		name: string,
		document: string,
		description?: string,
	) => {
		const response = await tag.createPolicy(
			new Tag.CreatePolicyRequest({
				policyName: name,
				policyContent: document,
				...(description === undefined ? {} : {policyDesc: description}),
			}),
		);
		ids.set(name, response.body.policyId);
		return response.body;
	};

	const tagInstance = async (instance: Resource, value: string) =>
		tag.tagResources(
			new Tag.TagResourcesRequest({
				regionId: instance.region,
				resourceARN: [
					`arn:acs:ecs:${instance.region}:*:instance/${instance.id}`,
				],
				tags: JSON.stringify({CostCenter: value}),
			}),
		);

	test('CreatePolicy gives an ID and makes one step; GetPolicy and ListPolicies (pages of 2) give them back as made', async () => {
		const made = await createPolicy(
			'costcenter',
			policyDocument(['retail', 'sales']),
			'who pays',
		);
		expect(made.policyName).toBe('costcenter');
		expect(made.policyId).toMatch(/^p-[\da-f]{20}$/v);
		expect(server.world().log.at(-1)!.api).toBe('Tag:CreatePolicy');
		await createPolicy(
			'env_rule',
			'{"tags":{"env":{"tag_key":{"@@assign":"env"}}}}',
		);
		await createPolicy(
			'another',
			'{"tags":{"app":{"tag_key":{"@@assign":"app"}}}}',
		);
		expect(new Set(ids.values()).size).toBe(3);

		const got = await tag.getPolicy(
			new Tag.GetPolicyRequest({policyId: made.policyId}),
		);
		expect(got.body.policy).toEqual({
			policyName: 'costcenter',
			policyDesc: 'who pays',
			policyContent: policyDocument(['retail', 'sales']),
			userType: 'USER',
		});

		const seen: Array<{policyId: string; policyName: string}> = [];
		let nextToken: string | undefined;
		let pages = 0;
		do {
			const response = await tag.listPolicies(
				new Tag.ListPoliciesRequest({maxResult: 2, nextToken}),
			);
			pages++;
			seen.push(...response.body.policyList);
			nextToken =
				response.body.nextToken === '' ? undefined : response.body.nextToken;
		} while (nextToken);

		expect(pages).toBe(2);
		const {governance} = server.world();
		expect(seen).toEqual(
			['another', 'costcenter', 'env_rule'].map((name) => {
				const entry = governance[`policy:${name}`] as {
					description: string;
					document: string;
				};
				return {
					policyId: ids.get(name),
					policyName: name,
					policyDesc: entry.description,
					policyContent: entry.document,
					userType: 'USER',
				};
			}),
		);
		const filtered = await tag.listPolicies(
			new Tag.ListPoliciesRequest({
				policyIds: [ids.get('env_rule')],
				policyNames: ['env_rule', 'another'],
			}),
		);
		expect(
			filtered.body.policyList.map((p: {policyName: string}) => p.policyName),
		).toEqual(['env_rule']);
	});

	test('DryRun checks and changes nothing: a good document passes, a bad one is InvalidParameter.PolicyContent (400)', async () => {
		const {revision} = server.world();
		const dry = await tag.createPolicy(
			new Tag.CreatePolicyRequest({
				policyName: 'trial',
				policyContent: policyDocument(['x']),
				dryRun: true,
			}),
		);
		expect(dry.body.policyName).toBe('trial');
		const bad = await rejection(
			tag.createPolicy(
				new Tag.CreatePolicyRequest({
					policyName: 'trial',
					policyContent: '{"tags":{"x":{"tag_value":{"@@assign":["a"]}}}}',
					dryRun: true,
				}),
			),
		);
		expect([bad.code, bad.statusCode]).toEqual([
			'InvalidParameter.PolicyContent',
			400,
		]);
		expect(String(bad.data.Message)).toContain('needs tag_key');
		expect(server.world().revision).toBe(revision);
	});

	test('AttachPolicy puts it in force: a value outside it is refused on an instance; the targets, the policies of the account and the effective policy say so', async () => {
		const accountId = server.world().account.id;
		await tag.attachPolicy(
			new Tag.AttachPolicyRequest({
				policyId: ids.get('costcenter'),
				targetType: 'user',
				targetId: accountId,
			}),
		);
		expect(server.world().account.tagPolicies.attached).toEqual(['costcenter']);
		expect(server.world().log.at(-1)!.api).toBe('Tag:AttachPolicy');
		const instance = named('web-prod-2');
		const tagged = await tagInstance(instance, 'games');
		expect(
			tagged.body.failedResources.failedResource.map(
				(f: {result: {code: string}}) => f.result.code,
			),
		).toEqual(['TagPolicy.NonCompliant']);

		const targets = await tag.listTargetsForPolicy(
			new Tag.ListTargetsForPolicyRequest({policyId: ids.get('costcenter')}),
		);
		expect(targets.body.isRd).toBe(false);
		expect(targets.body.targets).toHaveLength(1);
		expect(targets.body.targets[0].targetId).toBe(accountId);
		expect(targets.body.targets[0].targetType).toBeUndefined();
		const none = await tag.listTargetsForPolicy(
			new Tag.ListTargetsForPolicyRequest({policyId: ids.get('another')}),
		);
		expect(none.body.targets).toEqual([]);
		// Pop-core reads the same answer raw.
		const raw = await server
			.pop('2018-08-28')
			.request('ListTargetsForPolicy', {PolicyId: ids.get('costcenter')});
		expect(raw.Targets).toEqual([{TargetId: accountId}]);

		const forTarget = await tag.listPoliciesForTarget(
			new Tag.ListPoliciesForTargetRequest({targetType: 'USER'}),
		);
		expect(
			forTarget.body.data.map((p: {policyId: string}) => p.policyId),
		).toEqual([ids.get('costcenter')]);

		const effective = await tag.getEffectivePolicy(
			new Tag.GetEffectivePolicyRequest({}),
		);
		expect(JSON.parse(effective.body.effectivePolicy)).toEqual({
			tags: {
				costcenter: {
					tag_key: 'CostCenter',
					tag_value: ['retail', 'sales'],
					enforced_for: ['ecs:instance'],
				},
			},
		});
		// The refused tagging made no step: the last is the attach.
		const attachedAt = server.world().log.at(-1)!;
		expect(attachedAt.api).toBe('Tag:AttachPolicy');
		expect(effective.body.policyAttachments).toEqual([
			{
				tagKey: 'CostCenter',
				policyType: 'tags',
				policyList: [
					{
						policyId: ids.get('costcenter'),
						policyName: 'costcenter',
						targetId: accountId,
						targetType: 'USER',
						attachSeq: 1,
						attachTime: attachedAt.at,
					},
				],
			},
		]);
		const otherKey = await tag.getEffectivePolicy(
			new Tag.GetEffectivePolicyRequest({tagKeys: ['env']}),
		);
		expect(JSON.parse(otherKey.body.effectivePolicy)).toEqual({tags: {}});
	});

	test('ModifyPolicy changes the document in force in one step: the value refused before is taken; undo puts the old document back', async () => {
		const id = ids.get('costcenter');
		await tag.modifyPolicy(
			new Tag.ModifyPolicyRequest({
				policyId: id,
				policyContent: policyDocument(['retail', 'sales', 'games']),
			}),
		);
		expect(server.world().log.at(-1)!.api).toBe('Tag:ModifyPolicy');
		const got = await tag.getPolicy(new Tag.GetPolicyRequest({policyId: id}));
		expect(got.body.policy.policyContent).toBe(
			policyDocument(['retail', 'sales', 'games']),
		);
		expect(got.body.policy.policyDesc).toBe('who pays');
		const instance = named('web-prod-2');
		const tagged = await tagInstance(instance, 'games');
		expect(tagged.body.failedResources.failedResource).toEqual([]);
		await core({op: 'undo'});
		await core({op: 'undo'});
		const back = await tag.getPolicy(new Tag.GetPolicyRequest({policyId: id}));
		expect(back.body.policy.policyContent).toBe(
			policyDocument(['retail', 'sales']),
		);
		const renamed = await rejection(
			tag.modifyPolicy(
				new Tag.ModifyPolicyRequest({policyId: id, policyName: 'other'}),
			),
		);
		expect([renamed.code, renamed.statusCode]).toEqual([
			'InvalidParameter.PolicyName',
			400,
		]);
	});

	test('strong verification is OpenType VERIFY_NO_TAG: EnablePolicyType and DisablePolicyType switch it, GetPolicyEnableStatus says so; the feature itself stays on', async () => {
		const statusOf = async (openType: string) => {
			const response = await tag.getPolicyEnableStatus(
				new Tag.GetPolicyEnableStatusRequest({openType}),
			);
			return response.body.statusModels as unknown;
		};

		expect(await statusOf('TAG_POLICY')).toEqual([
			{userType: 'USER', status: 'Enabled'},
		]);
		expect(await statusOf('VERIFY_NO_TAG')).toEqual([
			{userType: 'USER', status: 'Disabled'},
		]);
		await tag.enablePolicyType(
			new Tag.EnablePolicyTypeRequest({openType: 'VERIFY_NO_TAG'}),
		);
		expect(server.world().account.tagPolicies.strong).toBe(true);
		expect(server.world().log.at(-1)!.api).toBe('Tag:EnablePolicyType');
		expect(await statusOf('VERIFY_NO_TAG')).toEqual([
			{userType: 'USER', status: 'Enabled'},
		]);
		const {revision} = server.world();
		await tag.enablePolicyType(new Tag.EnablePolicyTypeRequest({}));
		expect(server.world().revision).toBe(revision);
		await tag.disablePolicyType(
			new Tag.DisablePolicyTypeRequest({openType: 'verify_no_tag'}),
		);
		expect(server.world().account.tagPolicies.strong).toBe(false);
		const off = await rejection(
			tag.disablePolicyType(new Tag.DisablePolicyTypeRequest({})),
		);
		expect([off.code, off.statusCode]).toEqual(['InvalidParameter', 400]);
		expect(String(off.data.Message)).toContain('DetachPolicy');
	});

	test('DetachPolicy, then DeletePolicy; an attached policy cannot be deleted, and a PolicyId that names none is TagPolicy.NotFound (404)', async () => {
		const id = ids.get('costcenter');
		const attached = await rejection(
			tag.deletePolicy(new Tag.DeletePolicyRequest({policyId: id})),
		);
		expect([attached.code, attached.statusCode]).toEqual([
			'TagPolicy.Attached',
			400,
		]);
		await tag.detachPolicy(new Tag.DetachPolicyRequest({policyId: id}));
		expect(server.world().account.tagPolicies.attached).toEqual([]);
		await tag.deletePolicy(new Tag.DeletePolicyRequest({policyId: id}));
		expect(server.world().log.at(-1)!.api).toBe('Tag:DeletePolicy');
		const gone = await rejection(
			tag.getPolicy(new Tag.GetPolicyRequest({policyId: id})),
		);
		expect([gone.code, gone.statusCode]).toEqual(['TagPolicy.NotFound', 404]);
		await core({op: 'undo'});
		const back = await tag.getPolicy(new Tag.GetPolicyRequest({policyId: id}));
		expect(back.body.policy.policyName).toBe('costcenter');
	});

	test('refusals: another region WrongEndpoint (403); a resource directory’s UserType, TargetType or another account’s TargetId InvalidParameter (400); no PolicyId MissingParameter; nothing changes', async () => {
		const {revision} = server.world();
		const wrong = await rejection(
			tag.listPolicies(new Tag.ListPoliciesRequest({regionId: 'cn-hangzhou'})),
		);
		expect([wrong.code, wrong.statusCode]).toEqual(['WrongEndpoint', 403]);
		for (const promise of [
			tag.createPolicy(
				new Tag.CreatePolicyRequest({
					policyName: 'rd',
					policyContent: policyDocument(['a']),
					userType: 'RD',
				}),
			),
			tag.attachPolicy(
				new Tag.AttachPolicyRequest({
					policyId: ids.get('env_rule'),
					targetType: 'ACCOUNT',
				}),
			),
			tag.attachPolicy(
				new Tag.AttachPolicyRequest({
					policyId: ids.get('env_rule'),
					targetId: '1234567890123456',
				}),
			),
		]) {
			const error = await rejection(promise);
			expect([error.code, error.statusCode]).toEqual(['InvalidParameter', 400]);
		}

		const noId = await rejection(tag.getPolicy(new Tag.GetPolicyRequest({})));
		expect([noId.code, noId.statusCode]).toEqual(['MissingParameter', 400]);
		expect(String(noId.data.Message)).toContain('PolicyId');
		expect(server.world().revision).toBe(revision);
	});

	test('a RAM user: refused what their policies do not allow, each call as its own action; read-only access lists but does not attach', async () => {
		const nobody = await userAllowed('nobody');
		const denied = await rejection(
			server.tag(nobody).createPolicy(
				new Tag.CreatePolicyRequest({
					policyName: 'mine',
					policyContent: policyDocument(['a']),
				}),
			),
		);
		expect([denied.code, denied.statusCode]).toEqual(['Forbidden.RAM', 403]);
		expect(denied.accessDeniedDetail).toMatchObject({
			AuthAction: 'tag:CreatePolicy',
			NoPermissionType: 'ImplicitDeny',
		});
		const listDenied = await rejection(
			server.tag(nobody).listPolicies(new Tag.ListPoliciesRequest({})),
		);
		expect(listDenied.accessDeniedDetail).toMatchObject({
			AuthAction: 'tag:ListPolicies',
		});

		const reader = await userAllowed('reader', 'tag:List*', 'tag:Get*');
		const listed = await server
			.tag(reader)
			.listPolicies(new Tag.ListPoliciesRequest({}));
		expect(listed.body.policyList).toHaveLength(3);
		const attach = await rejection(
			server
				.tag(reader)
				.attachPolicy(
					new Tag.AttachPolicyRequest({policyId: ids.get('env_rule')}),
				),
		);
		expect(attach.accessDeniedDetail).toMatchObject({
			AuthAction: 'tag:AttachPolicy',
		});

		const switcher = await userAllowed('switcher', 'tag:DisablePolicyType');
		await tag.enablePolicyType(
			new Tag.EnablePolicyTypeRequest({openType: 'VERIFY_NO_TAG'}),
		);
		await server
			.tag(switcher)
			.disablePolicyType(
				new Tag.DisablePolicyTypeRequest({openType: 'VERIFY_NO_TAG'}),
			);
		expect(server.world().account.tagPolicies.strong).toBe(false);
		expect(server.world().log.at(-1)).toMatchObject({
			api: 'Tag:DisablePolicyType',
			by: 'switcher',
		});
		const rulesDenied = await rejection(
			server
				.tag(switcher)
				.listAssociatedResourceRules(
					new Tag.ListAssociatedResourceRulesRequest({}),
				),
		);
		expect(rulesDenied.accessDeniedDetail).toMatchObject({
			AuthAction: 'tag:ListAssociatedResourceRules',
		});
	});
});

test('no request made tagdeck fail inside', () => {
	expect(server.faults).toEqual([]);
});

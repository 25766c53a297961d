/*
`tagdeck serve` under load, on loopback: eight scripts at once (four with the
Tag API's generated client, signature V3; four with @alicloud/pop-core,
signature V1, by GET and by POST), each tagging, listing and untagging its own
instances, while another process runs the built `tagdeck tag` on the same
world file. Every call is answered, none with a 500; afterwards the file is
valid and holds every change reported done, one step each (by `api` for the
calls, without it for the command line's); and a list made right after the
command line wrote shows what it wrote, so the server read the file again.
*/
import {readFile} from 'node:fs/promises';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {generatedWorld} from '../../source/core/generated-world.js';
import type {WorldData} from '../../source/core/model.js';
import {ok, requireBuild, tagdeck} from '../helpers/cli-run.js';
import {type SdkClient, Tag, TestServer} from '../helpers/serve.js';
import {worldProblems} from '../helpers/world-check.js';

const region = 'cn-hangzhou';
const clients = 8;
const perClient = 10;
const rounds = 3;
const cliRuns = 4;

let server: TestServer;
let instances: string[];

beforeAll(async () => {
	requireBuild();
	server = await TestServer.start(
		generatedWorld(3000, 'serve-load', new Date().toISOString()),
	);
	instances = Object.values(server.world().resources)
		.filter((r) => r.type === 'Ecs-Instance' && r.region === region)
		.map((r) => r.id)
		.toSorted()
		.slice(0, (clients + 1) * perClient);
});

afterAll(async () => {
	await server?.close();
});

const arn = (id: string) =>
	`arn:acs:ecs:${region}:${server.world().account.id}:instance/${id}`;

/** What one script's calls need: tag, untag and list, whatever the client. */
type Script = {
	tag(ids: string[], tags: Record<string, string>): Promise<unknown[]>;
	untag(ids: string[], keys: string[]): Promise<unknown[]>;
	/** The tags of each resource, by ARN. */
	list(ids: string[]): Promise<Map<string, Record<string, string>>>;
};

function v3Script(client: SdkClient): Script {
	return {
		async tag(ids, tags) {
			const response = await client.tagResources(
				new Tag.TagResourcesRequest({
					regionId: region,
					resourceARN: ids.map((id) => arn(id)),
					tags: JSON.stringify(tags),
				}),
			);
			expect(response.statusCode).toBe(200);
			return response.body.failedResources.failedResource;
		},
		async untag(ids, keys) {
			const response = await client.untagResources(
				new Tag.UntagResourcesRequest({
					regionId: region,
					resourceARN: ids.map((id) => arn(id)),
					tagKey: keys,
				}),
			);
			expect(response.statusCode).toBe(200);
			return response.body.failedResources.failedResource;
		},
		async list(ids) {
			const response = await client.listTagResources(
				new Tag.ListTagResourcesRequest({
					regionId: region,
					resourceARN: ids.map((id) => arn(id)),
					pageSize: 50,
				}),
			);
			return new Map(
				response.body.tagResources.map(
					(r: {
						resourceARN: string;
						tags: Array<{key: string; value: string}>;
					}) => [
						r.resourceARN,
						Object.fromEntries(r.tags.map((t) => [t.key, t.value])),
					],
				),
			);
		},
	};
}

function popScript(method: 'GET' | 'POST'): Script {
	const client = server.pop('2018-08-28');
	// Time for a busy machine (the SDK's own default is 3 s).
	const options = {method, timeout: 20_000};
	const numbered = (name: string, values: string[]) =>
		Object.fromEntries(values.map((v, i) => [`${name}.${i + 1}`, v]));
	return {
		async tag(ids, tags) {
			const answer = await client.request(
				'TagResources',
				{
					RegionId: region,
					...numbered(
						'ResourceARN',
						ids.map((id) => arn(id)),
					),
					Tags: JSON.stringify(tags),
				},
				options,
			);
			return answer.FailedResources.FailedResource;
		},
		async untag(ids, keys) {
			const answer = await client.request(
				'UntagResources',
				{
					RegionId: region,
					...numbered(
						'ResourceARN',
						ids.map((id) => arn(id)),
					),
					...numbered('TagKey', keys),
				},
				options,
			);
			return answer.FailedResources.FailedResource;
		},
		async list(ids) {
			const answer = await client.request(
				'ListTagResources',
				{
					RegionId: region,
					...numbered(
						'ResourceARN',
						ids.map((id) => arn(id)),
					),
					PageSize: 50,
				},
				options,
			);
			return new Map(
				answer.TagResources.map(
					(r: {
						ResourceARN: string;
						Tags: Array<{Key: string; Value: string}>;
					}) => [
						r.ResourceARN,
						Object.fromEntries(r.Tags.map((t) => [t.Key, t.Value])),
					],
				),
			);
		},
	};
}

test('eight scripts and the command line change one world at once: every call answered, every change kept, one step each', async () => {
	expect(instances).toHaveLength((clients + 1) * perClient);
	const stepsBefore = server.world().log.length;
	const mine = (n: number) =>
		instances.slice(n * perClient, (n + 1) * perClient);
	const cliIds = mine(clients);
	/** Calls reported done, by action. */
	const done = {TagResources: 0, UntagResources: 0};
	const refusals: unknown[] = [];

	const script = async (n: number) => {
		const api =
			n < clients / 2
				? v3Script(server.tag())
				: popScript(n % 2 === 0 ? 'GET' : 'POST');
		const ids = mine(n);
		const key = `load-${n}`;
		for (let round = 1; round <= rounds; round++) {
			// Each round changes something, so each call is a step.
			expect(
				await api.tag(ids, {[key]: `r${round}`, scratch: `${n}-${round}`}),
			).toEqual([]);
			done.TagResources++;
			const listed = await api.list(ids);
			for (const id of ids)
				expect(listed.get(arn(id))?.[key]).toBe(`r${round}`);
		}

		expect(await api.untag(ids, ['scratch'])).toEqual([]);
		done.UntagResources++;
		const listed = await api.list(ids);
		for (const id of ids) {
			expect(listed.get(arn(id))?.[key]).toBe(`r${rounds}`);
			expect(listed.get(arn(id))?.scratch).toBeUndefined();
		}
	};

	/** The command line, a process per change, each followed by a list through the server. */
	const commandLine = async () => {
		const lister = v3Script(server.tag());
		for (let run = 1; run <= cliRuns; run++) {
			ok(
				await tagdeck(['tag', ...cliIds, '--tag', `cli=run${run}`], {
					db: server.file,
					timeoutMs: 40_000,
				}),
			);
			// The server re-reads the file the other process wrote.
			const listed = await lister.list(cliIds);
			for (const id of cliIds)
				expect(listed.get(arn(id))?.cli).toBe(`run${run}`);
		}
	};

	const results = await Promise.allSettled([
		...Array.from({length: clients}, async (_, n) => script(n)),
		commandLine(),
	]);
	for (const result of results)
		if (result.status === 'rejected') refusals.push(result.reason);
	expect(refusals).toEqual([]);
	expect(done).toEqual({
		TagResources: clients * rounds,
		UntagResources: clients,
	});
	expect(server.faults).toEqual([]);

	// The file: valid, and every change in it.
	const text = await readFile(server.file, 'utf8');
	expect(worldProblems(server.file, text)).toEqual([]);
	const data = JSON.parse(text) as WorldData;
	const steps = data.log.slice(stepsBefore);
	const byApi = (api: string) => steps.filter((s) => s.api === api).length;
	expect(byApi('Tag:TagResources')).toBe(done.TagResources);
	expect(byApi('Tag:UntagResources')).toBe(done.UntagResources);
	const cliSteps = steps.filter((s) => s.api === undefined);
	expect(cliSteps).toHaveLength(cliRuns);
	for (const step of cliSteps) expect(step.ids.toSorted()).toEqual(cliIds);
	expect(steps).toHaveLength(done.TagResources + done.UntagResources + cliRuns);
	for (let n = 0; n < clients; n++) {
		for (const id of mine(n)) {
			const {tags} = data.resources[id]!;
			expect(tags[`load-${n}`]).toBe(`r${rounds}`);
			expect(tags.scratch).toBeUndefined();
		}
	}

	for (const id of cliIds)
		expect(data.resources[id]!.tags.cli).toBe(`run${cliRuns}`);
});

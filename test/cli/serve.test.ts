/*
`tagdeck serve` as a user runs it: the built command line in a process of its
own on 127.0.0.1, a free port it prints, a script calling it with the official
SDK, `tagdeck log` in another process showing the call's step, and Ctrl-C
(SIGINT) stopping it. Its usage errors, and the warning for an address other
machines could reach.
*/
import {createRequire} from 'node:module';
import {createServer, type Server} from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {addressWarning} from '../../source/commands/serve.js';
import {
	makeTempDir,
	ok,
	okJson,
	readWorld,
	removeTempDir,
	requireBuild,
	tagdeck,
	usage,
} from '../helpers/cli-run.js';
import {
	type ServeProcess,
	startServeProcess,
} from '../helpers/serve-process.js';

/** The Tag API's generated client, as far as this test uses it. */
type TagModule = {
	default: new (config: Record<string, unknown>) => {
		tagResources(request: unknown): Promise<{
			body: {failedResources: {failedResource: unknown[]}};
		}>;
	};
	TagResourcesRequest: new (fields: Record<string, unknown>) => unknown;
};
const Tag = createRequire(import.meta.url)(
	'@alicloud/tag20180828',
) as TagModule;

let directory: string;
let db: string;

beforeAll(async () => {
	requireBuild();
	directory = await makeTempDir('tagdeck-serve-cli-');
	db = path.join(directory, 'world.json');
	ok(await tagdeck(['init', '--db', db]));
});

afterAll(async () => {
	await removeTempDir(directory);
});

/** Starts `tagdeck serve …args` as a user does and waits for its banner. */
async function serve(args: string[]): Promise<ServeProcess> {
	return startServeProcess(args, {
		env: {
			PATH: process.env.PATH ?? '',
			HOME: '/dev/null/tagdeck-test-home',
			XDG_CACHE_HOME: path.join(directory, 'cache'),
			NODE_ENV: 'production',
			FORCE_COLOR: '0',
			LANG: 'C.UTF-8',
		},
	});
}

describe('a user runs tagdeck serve', () => {
	let running: ServeProcess | undefined;

	afterAll(() => {
		if (running?.child.exitCode === null) running.child.kill('SIGKILL');
	});

	test('it prints the port it chose; an SDK tags through it; tagdeck log shows the step; Ctrl-C stops it', async () => {
		const key = okJson<{accessKeyId: string; accessKeySecret: string}>(
			await tagdeck(['ram', 'keys', '--root', '--json', '--db', db]),
		);
		running = await serve(['--port', '0', '--db', db]);
		const port = Number(
			/^tagdeck serve: .* on http:\/\/127\.0\.0\.1:(?<port>\d+)$/v.exec(
				running.banner,
			)?.groups?.port,
		);
		expect(port, running.banner).toBeGreaterThan(0);
		expect(running.stdout()).toContain(`world:    ${db}`);
		expect(running.stdout()).not.toContain('Warning');

		const world = await readWorld(db);
		const instance = Object.values(world.resources).find(
			(r) => r.type === 'Ecs-Instance',
		)!;
		const {default: TagClient} = Tag;
		const client = new TagClient({
			...key,
			endpoint: `127.0.0.1:${port}`,
			protocol: 'HTTP',
			readTimeout: 20_000,
			connectTimeout: 20_000,
		});
		const accountId = (world as unknown as {account: {id: string}}).account.id;
		const response = await client.tagResources(
			new Tag.TagResourcesRequest({
				regionId: instance.region,
				resourceARN: [
					`arn:acs:ecs:${instance.region}:${accountId}:instance/${instance.id}`,
				],
				tags: JSON.stringify({rehearsal: 'via-serve'}),
			}),
		);
		expect(response.body.failedResources.failedResource).toEqual([]);

		// Another process reads the same file.
		const log = ok(await tagdeck(['log', '--limit', '1', '--db', db]));
		expect(log).toContain('[API Tag:TagResources]');
		const after = await readWorld(db);
		expect(after.resources[instance.id]!.tags.rehearsal).toBe('via-serve');
		// A line per request: status, product:action, who.
		expect(running.stdout()).toMatch(/ 200 Tag:TagResources root \d+ ms\n/v);

		expect(await running.interrupt()).toBe(0);
		expect(running.stdout().trimEnd().split('\n').at(-1)).toBe(
			'tagdeck serve: stopped.',
		);
		expect(running.stderr()).toBe('');
	});
});

describe('usage errors (exit 2), each saying what to do', () => {
	let taken: Server;

	beforeAll(async () => {
		taken = createServer();
		await new Promise<void>((resolve) => {
			taken.listen(0, '127.0.0.1', resolve);
		});
	});

	afterAll(async () => {
		await new Promise((resolve) => {
			taken.close(resolve);
		});
	});

	test('--port out of range', async () => {
		const message = usage(
			await tagdeck(['serve', '--port', '70000', '--db', db]),
		);
		expect(message).toContain(
			'--port must be a whole number from 0 to 65535, not "70000"',
		);
	});

	test('--host that is not an address', async () => {
		const message = usage(
			await tagdeck(['serve', '--host', 'nonsense', '--db', db]),
		);
		expect(message).toContain('--host must be an IP address');
		expect(message).toContain('"nonsense"');
	});

	test('a port in use', async () => {
		const {port} = taken.address() as {port: number};
		const message = usage(
			await tagdeck(['serve', '--port', String(port), '--db', db]),
		);
		expect(message).toContain(`Port ${port} on 127.0.0.1 is in use`);
		expect(message).toContain('--port 0');
	});

	test('--as, since each request is made as whoever signed it', async () => {
		const message = usage(
			await tagdeck(['serve', '--as', 'alice', '--db', db]),
		);
		expect(message).toContain('Leave out --as');
	});
});

describe('the address it listens on', () => {
	test('::1 is this machine only: no warning', async () => {
		const running = await serve(['--host', '::1', '--port', '0', '--db', db]);
		try {
			expect(running.banner).toMatch(/on http:\/\/\[::1\]:\d+$/v);
			expect(running.stdout()).not.toContain('Warning');
		} finally {
			expect(await running.interrupt()).toBe(0);
		}
	});

	test('an address other machines may reach is warned about; loopback ones are not', () => {
		// Worded here, not listened on: a test's server listens on 127.0.0.1 only.
		for (const host of ['0.0.0.0', '::', '10.1.2.3', '192.168.0.9']) {
			expect(addressWarning(host)).toBe(
				`Warning: listening on ${host}, not only this machine: anyone who can reach it and holds a key of this world can change it.`,
			);
		}

		for (const host of ['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1'])
			expect(addressWarning(host)).toBeUndefined();
	});
});

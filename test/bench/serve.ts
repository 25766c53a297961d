/*
S8: `tagdeck serve`, the built command line in a process of its own, on the
100,000-resource world, called with the official Tag API client (signature
V3) from this process over loopback.
(a) A 50-instance TagResources through the server, against the command line's
`tagdeck tag ID1 … ID50 --tag k=v` minus its start-up. The start-up is
measured in the same round as `tagdeck show ID --json` on the same world:
Node, tagdeck's code, and reading and parsing the world file, which a server
does once and a command does every time; what is left of `tag` is the change
itself (applied, the world written), which the server does too. (`tagdeck
--version`, Node and the code alone, is printed beside it.)
(b) ListTagResources pages per second, 50 and 1,000 to a page.
*/
import {spawn} from 'node:child_process';
import {copyFile, readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import path from 'node:path';
import process from 'node:process';
import {startServeProcess} from '../helpers/serve-process.js';
import {cliPath, projectRoot} from './pty.js';

/** The Tag API's generated client, as far as S8 uses it. */
type TagClient = {
	tagResources(request: unknown): Promise<{
		body: {failedResources: {failedResource: unknown[]}};
	}>;
	listTagResources(request: unknown): Promise<{
		body: {nextToken?: string; tagResources: unknown[]};
	}>;
};
type TagModule = {
	default: new (config: Record<string, unknown>) => TagClient;
	TagResourcesRequest: new (fields: Record<string, unknown>) => unknown;
	ListTagResourcesRequest: new (fields: Record<string, unknown>) => unknown;
};
const Tag = createRequire(import.meta.url)(
	'@alicloud/tag20180828',
) as TagModule;

const env = {...process.env, NODE_ENV: 'production', FORCE_COLOR: '0'};

export const s8Size = 50;

export type Served = {
	/** The world file it serves (a copy). */
	file: string;
	port: number;
	client: TagClient;
	accountId: string;
	stop(): Promise<void>;
};

/** Runs the built command line to the end and returns its standard output. */
async function output(args: string[]): Promise<string> {
	const child = spawn(process.execPath, [cliPath, ...args], {
		cwd: projectRoot,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	let error = '';
	child.stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString('utf8');
	});
	child.stderr.on('data', (chunk: Buffer) => {
		error += chunk.toString('utf8');
	});
	const code = await new Promise<number | null>((resolve) => {
		child.on('close', resolve);
	});
	if (code !== 0)
		throw new Error(
			`tagdeck ${args.join(' ')} exited with ${String(code)}: ${error}`,
		);
	return out;
}

/**
Starts `tagdeck serve --port 0 --quiet` on a copy of the world and a client
signed with the account's key (`tagdeck ram keys --root --json`).
*/
export async function startServe(
	world: string,
	directory: string,
): Promise<Served> {
	const file = path.join(directory, 's8-serve.json');
	await copyFile(world, file);
	const key = JSON.parse(
		await output(['ram', 'keys', '--root', '--json', '--db', file]),
	) as {accessKeyId: string; accessKeySecret: string};
	const data = JSON.parse(await readFile(file, 'utf8')) as {
		account: {id: string};
	};
	const running = await startServeProcess(
		['--port', '0', '--quiet', '--db', file],
		{env},
	);
	const {port} = running;
	const {default: TagClientClass} = Tag;
	const client = new TagClientClass({
		...key,
		endpoint: `127.0.0.1:${port}`,
		protocol: 'HTTP',
		readTimeout: 60_000,
		connectTimeout: 60_000,
	});
	return {
		file,
		port,
		client,
		accountId: data.account.id,
		async stop() {
			await running.interrupt();
			if (running.stderr() !== '')
				throw new Error(`tagdeck serve printed: ${running.stderr()}`);
		},
	};
}

/** The first 50 instances of the region, by ID. */
export async function s8Instances(
	world: string,
	region: string,
): Promise<string[]> {
	const data = JSON.parse(await readFile(world, 'utf8')) as {
		resources: Record<string, {type: string; region: string}>;
	};
	return Object.entries(data.resources)
		.filter(([, r]) => r.type === 'Ecs-Instance' && r.region === region)
		.map(([id]) => id)
		.toSorted()
		.slice(0, s8Size);
}

/** One TagResources of the instances through the server, timed (its change checked). */
export async function apiTag(
	served: Served,
	region: string,
	ids: string[],
	value: string,
): Promise<number> {
	const request = new Tag.TagResourcesRequest({
		regionId: region,
		resourceARN: ids.map(
			(id) => `arn:acs:ecs:${region}:${served.accountId}:instance/${id}`,
		),
		tags: JSON.stringify({s8: value}),
	});
	const start = performance.now();
	const response = await served.client.tagResources(request);
	const ms = performance.now() - start;
	const failed = response.body.failedResources.failedResource;
	if (failed.length > 0)
		throw new Error(`TagResources failed for: ${JSON.stringify(failed)}`);
	return ms;
}

/** The same batch by the command line, on its own copy of the world. */
export const cliTagArgs = (file: string, ids: string[], value: string) => [
	cliPath,
	'tag',
	...ids,
	'--tag',
	`s8=${value}`,
	'--db',
	file,
];

/** The start-up of a command on the same world: Node, the code, the world read. */
export const startArgs = (file: string, id: string) => [
	cliPath,
	'show',
	id,
	'--json',
	'--db',
	file,
];

export const versionArgs = [cliPath, '--version'];

/**
ListTagResources of the region page by page (at most `maxPages`): pages and
resources per second, each page a call.
*/
export async function listPages(
	served: Served,
	region: string,
	pageSize: number,
	maxPages: number,
): Promise<{pages: number; resources: number; ms: number}> {
	let nextToken: string | undefined;
	let pages = 0;
	let resources = 0;
	const start = performance.now();
	do {
		const response = await served.client.listTagResources(
			new Tag.ListTagResourcesRequest({
				regionId: region,
				pageSize,
				nextToken,
			}),
		);
		pages++;
		resources += response.body.tagResources.length;
		const next = response.body.nextToken;
		nextToken = next === undefined || next === '' ? undefined : next;
	} while (nextToken && pages < maxPages);

	const ms = performance.now() - start;
	if (resources === 0) throw new Error('ListTagResources listed nothing');
	return {pages, resources, ms};
}

export {timed} from './list.js';

import {TagdeckError} from '../core/errors.js';
import {notationHint, parseFilter, type Filter} from '../core/filter.js';
import {listResources} from '../core/query.js';
import {getRegion} from '../core/catalogue.js';
import {visible} from '../core/tags.js';
import type {World} from '../core/world.js';
import {
	accountActions,
	authorize,
	describeRequest,
	visibleWorld,
} from '../core/ram/access.js';
import {principalOf, rootName} from '../core/ram/identities.js';
import {Store, worldPath} from '../store/store.js';
import {safeJson} from './output.js';

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {}

export const dbFlag = {db: {type: 'string'}} as const;

let acting: string | undefined;

/** Sets who the commands of this process act as (`--as`, TAGDECK_AS); undefined: the account. */
export function setActingAs(name: string | undefined) {
	if (name?.trim() === '') {
		throw new UsageError(
			'--as needs a RAM user name (tagdeck ram user list), or root for the account.',
		);
	}

	acting = name === rootName ? undefined : name;
}

/** The RAM user this process acts as, if not the account itself. */
export function actingAs(): string | undefined {
	return acting;
}

export function openStore(db: string | undefined): Store {
	if (db?.trim() === '')
		throw new UsageError('--db needs a file name: --db FILE.');
	return new Store(worldPath(db), {as: acting});
}

/**
The world as the one acting may see it, and how many resources it may not
describe (0 for the account). An unknown user is EntityNotExist.User.
*/
export async function readWorld(
	db: string | undefined,
	region?: string,
): Promise<{world: World; hidden: number}> {
	const world = await openStore(db).load();
	if (acting === undefined) return {world, hidden: 0};
	const principal = principalOf(world.data, acting)!;
	const seen = visibleWorld(world, principal);
	if (region === undefined) return seen;
	const hidden =
		world.inRegion(region).length - seen.world.inRegion(region).length;
	return {world: seen.world, hidden};
}

/** Refuses to show a resource the acting user may not describe (Forbidden.RAM). */
export function checkDescribe(world: World, id: string) {
	const resource = world.get(id);
	if (acting === undefined || !resource) return;
	const principal = principalOf(world.data, acting)!;
	const request = describeRequest(world.data.account.id, resource);
	if (request) authorize(principal, request, resource.id);
}

/**
Refuses a read of the account's settings the acting user may not make: `key`
names the command in data/ram-actions.json (`rules`, `ram user list`, …).
*/
export function authorizeRead(world: World, key: string, resource = '*') {
	if (acting === undefined) return;
	const principal = principalOf(world.data, acting)!;
	authorize(
		principal,
		{action: accountActions[key]!, resource},
		resource === '*' ? `tagdeck ${key}` : resource,
	);
}

/** Tells, on stderr, how many resources the acting user may not describe. */
export function noteHidden(hidden: number) {
	if (hidden === 0 || acting === undefined) return;
	process.stderr.write(
		`${hidden.toLocaleString('en-US')} resource${hidden === 1 ? '' : 's'} hidden: ${acting} may not describe ${hidden === 1 ? 'it' : 'them'} (tagdeck ram why ${acting} ACTION ID explains one).
`,
	);
}

export function regionFlag(region: string | undefined): string | undefined {
	return region === undefined ? undefined : getRegion(region).id;
}

async function readStdin(): Promise<string> {
	if (process.stdin.isTTY) {
		throw new UsageError(
			'"-" reads IDs from standard input, but it is a terminal: pipe IDs in, e.g. tagdeck list --json | jq -r ".[].id" | tagdeck tag - --tag k=v',
		);
	}

	const chunks: Uint8Array[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Uint8Array);
	return Buffer.concat(chunks).toString('utf8');
}

/**
The IDs a batch acts on: arguments, `-` (stdin), and/or every match of
--filter. Arguments and stdin are read now; the filter is resolved by the
returned function, on the world the change is made to (read under the lock),
so a resource retagged meanwhile is judged by its tags at that moment.
*/
export async function targetIds(
	input: string[],
	filter: string | undefined,
	region: string | undefined,
): Promise<(world: World) => string[]> {
	const given: string[] = [];
	for (const item of input) {
		if (item === '-') {
			const text = await readStdin();
			// One by one: an argument list of 100,000s of IDs would overflow the stack.
			for (const id of text.split(/\s+/v)) if (id) given.push(id);
		} else given.push(item);
	}

	const parsed = filter === undefined ? undefined : parseFilter(filter);
	if (parsed === undefined && given.length === 0) {
		throw new UsageError(
			'Name the resources: give IDs, - to read them from stdin, or --filter EXPR.',
		);
	}

	return (world) => {
		if (parsed === undefined) return given;
		const matched = listResources(world, {region, filter: parsed});
		if (matched.length === 0 && given.length === 0) {
			const hint = filterNote(world, parsed, region);
			throw new TagdeckError(
				'InvalidResourceId.NotFound',
				`No resource matches --filter '${visible(filter!)}'${region ? ` in ${region}` : ''}; nothing was changed.${hint ? ` Note: ${hint}` : ''}`,
			);
		}

		const ids = [...given];
		for (const resource of matched) ids.push(resource.id);
		return ids;
	};
}

/**
What a filter's `key:value` words would mean as tags (docs/behaviour.md §3),
with how many resources that matches, or undefined: `no attribute "Test" —
for the tag, write Test=Server-Windows (5 resources match it).`
*/
export function filterNote(
	world: World,
	filter: Filter,
	region: string | undefined,
): string | undefined {
	if (filter.colonWords.length === 0) return undefined;
	const hint = notationHint(
		filter,
		region ? world.inRegion(region) : world.resources(),
	);
	if (!hint) return undefined;
	if (!hint.filter) return `${hint.text}.`;
	const count = listResources(world, {region, filter: hint.filter}).length;
	return `${hint.text} (${count.toLocaleString('en-US')} resource${count === 1 ? '' : 's'} ${count === 1 ? 'matches' : 'match'} it).`;
}

/** Prints an error the way every command does, and returns the exit code. */
export function reportError(error: unknown, json: boolean): number {
	if (error instanceof UsageError) {
		process.stderr.write(
			`tagdeck: ${visible(error.message)}\nRun with --help for usage and examples.\n`,
		);
		return 2;
	}

	if (error instanceof TagdeckError) {
		if (json) {
			process.stderr.write(
				`${safeJson({error: {code: error.code, message: error.message, ...(error.detail ? {detail: error.detail} : {})}})}\n`,
			);
		} else {
			process.stderr.write(
				`tagdeck: ${error.code}: ${visible(error.message)}\n`,
			);
		}

		return 1;
	}

	throw error;
}

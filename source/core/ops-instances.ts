import {forEachInBatch} from './batch.js';
import {getRegion, typeNamed} from './catalogue.js';
import {TagdeckError, type Failure} from './errors.js';
import {makeId} from './ids.js';
import type {Resource} from './model.js';
import {hasControlCharacters, quoted, visible} from './tags.js';
import type {Txn} from './txn.js';

function needInstance(txn: Txn, id: string): Resource {
	const resource = txn.need(id);
	if (resource.type !== 'Ecs-Instance') {
		throw new TagdeckError(
			'InvalidInstanceId.NotFound',
			`${id} is a ${typeNamed(resource.type).label}, not an ECS instance.`,
		);
	}

	return resource;
}

function needStatus(resource: Resource, wanted: string, action: string) {
	if (resource.status !== wanted) {
		throw new TagdeckError(
			'IncorrectInstanceStatus',
			`${resource.id} is ${resource.status}; it must be ${wanted} to ${action}.`,
		);
	}
}

const transitions = {
	start: {from: 'Stopped', to: 'Running'},
	stop: {from: 'Running', to: 'Stopped'},
	reboot: {from: 'Running', to: 'Running'},
} as const;

/** Start, stop or reboot instances (the batch operations of docs/sources.md: Tag overview). */
export function power(
	txn: Txn,
	op: 'start' | 'stop' | 'reboot',
	ids: readonly string[],
	partial?: boolean,
	economical?: boolean,
): Failure[] {
	const {from, to} = transitions[op];
	return forEachInBatch(txn, ids, partial, (id) => {
		needStatus(needInstance(txn, id), from, op);
		if (from === to) return;
		const instance = txn.edit(id);
		instance.status = to;
		// Economical mode (StoppedMode=StopCharging) lasts until the next start.
		if (op === 'stop' && economical) instance.economical = true;
		else if (op === 'start') delete instance.economical;
	});
}

/**
The most a command may be: 16 KB once Base64-encoded, as Cloud Assistant takes it
(CreateCommand's CommandContent, docs/cloud-facts.md §9), so about 12 KB of text.
*/
const maxEncodedCommand = 16_384;

/** The size of `text` as CommandContent: its UTF-8 bytes, Base64-encoded. */
function encodedSize(text: string): number {
	return Math.ceil(Buffer.byteLength(text, 'utf8') / 3) * 4;
}

/**
Runs a command on instances, as Cloud Assistant would: one invocation per
region is recorded, naming the instances it ran on.
*/
export function run(
	txn: Txn,
	ids: readonly string[],
	command: string,
	partial?: boolean,
): Failure[] {
	// Tabs and newlines belong in scripts; every other control character is refused.
	const stripped = command.replaceAll(/[\t\n]/gv, '');
	if (encodedSize(command) > maxEncodedCommand) {
		throw new TagdeckError(
			'InvalidParameter.Command',
			`The command is ${encodedSize(command).toLocaleString('en-US')} bytes once Base64-encoded; Cloud Assistant takes at most ${maxEncodedCommand.toLocaleString('en-US')} (16 KB, about 12 KB of text). Shorten it, or run a script that is already on the instances.`,
		);
	}

	if (command.trim() === '' || hasControlCharacters(stripped)) {
		throw new TagdeckError(
			'InvalidParameter.Command',
			`The command ${quoted(command)} is not valid: give some text without control characters other than tab and newline.`,
		);
	}

	const byRegion = new Map<string, string[]>();
	const failures = forEachInBatch(txn, ids, partial, (id) => {
		const instance = needInstance(txn, id);
		needStatus(instance, 'Running', 'run a command');
		byRegion.set(instance.region, [
			...(byRegion.get(instance.region) ?? []),
			id,
		]);
	});
	for (const [region, instances] of byRegion) {
		const id = makeId(
			{
				...typeNamed('Ecs-Instance'),
				id: {style: 'random', prefix: 't-', length: 20, regionCode: true},
			},
			getRegion(region).id,
			txn.random,
			'',
		);
		txn.setDoc('i', id, {id, region, command, instances, at: txn.now});
	}

	return failures;
}

const publicImage = /^[a-z\d][\w.\-]{1,126}$/iv;

/**
Replaces the image of stopped instances. A custom image (m-…) must be in the
instance's region; any other name is taken as a public image, which every
region has.
*/
export function replaceImage(
	txn: Txn,
	ids: readonly string[],
	image: string,
	partial?: boolean,
): Failure[] {
	const custom = image.startsWith('m-');
	if (custom) {
		const found = txn.get(image);
		if (found?.type !== 'Ecs-Image') {
			throw new TagdeckError(
				'InvalidImageId.NotFound',
				`Image "${visible(image)}" is not found. List custom images with: tagdeck list --filter type:image`,
			);
		}
	} else if (!publicImage.test(image)) {
		throw new TagdeckError(
			'InvalidImageId.NotFound',
			`"${visible(image)}" is not an image: give a custom image ID (m-…) or a public image name such as aliyun_3_x64_20G_alibase_20230727.vhd.`,
		);
	}

	return forEachInBatch(txn, ids, partial, (id) => {
		const instance = needInstance(txn, id);
		if (custom && txn.get(image)!.region !== instance.region) {
			throw new TagdeckError(
				'InvalidImageId.NotFound',
				`Image ${image} is in ${txn.get(image)!.region}, not in ${instance.region} where ${id} runs; copy it there first (tagdeck copy ${image} --to ${instance.region}).`,
			);
		}

		needStatus(instance, 'Stopped', 'replace its image');
		txn.edit(id).image = image;
	});
}

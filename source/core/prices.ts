import priceFile from '../../data/prices.json' with {type: 'json'};
import {TagdeckError} from './errors.js';
import type {Resource} from './model.js';

/*
Illustrative prices (data/prices.json, docs/costs.md): pay-as-you-go rates in CNY
of the right order of magnitude, not Alibaba Cloud's price list. Every output
that shows money says so.
*/

const priceTable = (table: Record<string, unknown>): Map<string, number> =>
	new Map(
		Object.entries(table).filter(
			(entry): entry is [string, number] => typeof entry[1] === 'number',
		),
	);

const instanceRates = priceTable(priceFile.instances);
const diskRates = priceTable(priceFile.disks);
const typeRates = priceTable(priceFile.types);

export const {currency} = priceFile;
export const defaultSpec = priceFile.instances.default;
export const defaultCategory = priceFile.disks.default;
export const defaultDiskSize = priceFile.diskSizeGiB.default;
export const instanceTypes = [...instanceRates.keys()];
export const diskCategories = [...diskRates.keys()];
export const snapshotRate = priceFile.snapshotPerGiBHour;
export const eipRetentionRate = priceFile.eipRetentionPerHour;
/** Disks take 20 GiB to 32 TiB, as ESSD PL1 and ultra disks do (docs/costs.md). */
export const diskSizes = {
	min: priceFile.diskSizeGiB.min,
	max: priceFile.diskSizeGiB.max,
};

/** The instance type of an instance; one without (an older world's) has the default. */
export const specOf = (resource: Pick<Resource, 'spec'>) =>
	resource.spec ?? defaultSpec;
export const sizeOf = (resource: Pick<Resource, 'size'>) =>
	resource.size ?? defaultDiskSize;
export const categoryOf = (resource: Pick<Resource, 'category'>) =>
	resource.category ?? defaultCategory;

export function instanceRate(spec: string): number {
	return instanceRates.get(spec) ?? instanceRates.get(defaultSpec)!;
}

export function diskRate(category: string): number {
	return diskRates.get(category) ?? diskRates.get(defaultCategory)!;
}

/** CNY per hour of a type billed at a flat rate (every type but instances, disks, snapshots and EIPs). */
export function flatRate(type: string): number {
	return typeRates.get(type) ?? 0;
}

export function checkSpec(spec: string) {
	if (!instanceRates.has(spec)) {
		throw new TagdeckError(
			'InvalidInstanceType.ValueNotSupported',
			`"${spec}" is not an instance type tagdeck prices; use one of ${instanceTypes.join(', ')}.`,
		);
	}
}

export function checkDisk(size: number, category: string) {
	if (!diskRates.has(category)) {
		throw new TagdeckError(
			'InvalidDiskCategory.ValueNotSupported',
			`"${category}" is not a disk category; use one of ${diskCategories.join(', ')}.`,
		);
	}

	if (!Number.isInteger(size) || size < diskSizes.min || size > diskSizes.max) {
		throw new TagdeckError(
			'InvalidParameter.Size',
			`A disk's size is a whole number of GiB from ${diskSizes.min} to ${diskSizes.max.toLocaleString('en-US')}${Number.isFinite(size) ? `; ${size} is not` : ''}.`,
		);
	}
}

import {typeNamed} from './catalogue.js';
import {needEnabled} from './cost-tags.js';
import {TagdeckError} from './errors.js';
import type {Resource, WorldData} from './model.js';
import {
	categoryOf,
	currency,
	diskRate,
	eipRetentionRate,
	flatRate,
	instanceRate,
	sizeOf,
	snapshotRate,
	specOf,
} from './prices.js';
import {segments, type Segment} from './usage.js';

/*
Bills (docs/costs.md): the cost of each segment of usage at illustrative prices,
allocated by the tag the resource carried during it, and rounded to the fen so
that the lines always add up to the total.
*/

const hour = 3_600_000;

/** The cost of a resource as it was from `start` to `end` (ms), in CNY. */
export function segmentCost(
	resource: Resource,
	start: number,
	end: number,
): number {
	const hours = (end - start) / hour;
	switch (resource.type) {
		case 'Ecs-Instance': {
			if (resource.status === 'Stopped' && resource.economical) return 0;
			return instanceRate(specOf(resource)) * hours;
		}

		case 'Ecs-Disk': {
			return sizeOf(resource) * diskRate(categoryOf(resource)) * hours;
		}

		case 'Ecs-Snapshot': {
			// Billed per started hour of its life, each hour where it starts.
			const born = Date.parse(resource.created);
			const started =
				Math.ceil((end - born) / hour) - Math.ceil((start - born) / hour);
			return sizeOf(resource) * snapshotRate * started;
		}

		case 'Vpc-Eip': {
			return resource.links?.associatedWith ? 0 : eipRetentionRate * hours;
		}

		default: {
			return flatRate(resource.type) * hours;
		}
	}
}

const money = new Intl.NumberFormat('en-US', {
	minimumFractionDigits: 2,
	maximumFractionDigits: 2,
});

/** An amount with two decimals and thousands separators: 12,345.60. */
export const formatMoney = (amount: number) => money.format(amount);

/** A part of a total in per cent, one decimal: 12.5%. */
export const formatShare = (amount: number, total: number) =>
	`${total > 0 ? ((amount / total) * 100).toFixed(1) : '0.0'}%`;

/** A month `YYYY-MM` as [start, end) in ms (UTC). */
export function monthRange(month: string): [number, number] {
	const match = /^(\d{4})-(\d{2})$/v.exec(month);
	const year = Number(match?.[1]);
	const index = Number(match?.[2]) - 1;
	if (!match || index < 0 || index > 11) {
		throw new TagdeckError(
			'InvalidParameter.Month',
			`"${month}" is not a month: write it as YYYY-MM, e.g. 2026-11, or last for the month before this one.`,
		);
	}

	// Date.UTC would take years 0–99 as 1900–1999.
	const start = new Date(0);
	start.setUTCFullYear(year, index, 1);
	const end = new Date(0);
	end.setUTCFullYear(year, index + 1, 1);
	return [start.getTime(), end.getTime()];
}

/** The month (`YYYY-MM`, UTC) of a world time. */
export const monthOf = (iso: string) => iso.slice(0, 7);

/** The month `delta` months from `month`. */
export function shiftMonth(month: string, delta: number): string {
	const [start] = monthRange(month);
	const date = new Date(start);
	date.setUTCMonth(date.getUTCMonth() + delta);
	return date.toISOString().slice(0, 7);
}

/**
What a bill of `month` cannot know: the log keeps only its latest steps
(docs/costs.md), and before the oldest it holds, the world is taken to be as
that step found it. Undefined when the log reaches back far enough.
*/
export function historyNote(
	data: WorldData,
	month: string,
): string | undefined {
	const oldest = data.log[0];
	// Steps are numbered from 1: a log starting later has dropped its oldest.
	if (!oldest || oldest.seq === 1) return undefined;
	const [start] = monthRange(month);
	if (Date.parse(oldest.at) <= start) return undefined;
	return `the log keeps only its latest ${data.log.length.toLocaleString('en-US')} steps; before ${oldest.at} (step #${oldest.seq}) this bill takes the world as that step found it.`;
}

/** A month that has begun in world time, as [start, end). */
function billedMonth(month: string, now: string): [number, number] {
	const range = monthRange(month);
	if (range[0] > Date.parse(now)) {
		throw new TagdeckError(
			'InvalidParameter.Month',
			`${month} has not begun in world time (it is ${now}): bill an earlier month, or move the clock with tagdeck clock advance.`,
		);
	}

	return range;
}

/**
Amounts in fen, rounded so that they add up to the rounded sum: each is rounded
down, and the fen left over go to the largest remainders (the earlier line on a
tie). Never random.
*/
export function apportion(amounts: readonly number[]): number[] {
	const fen = amounts.map((amount) => amount * 100);
	const total = Math.round(fen.reduce((sum, x) => sum + x, 0));
	const floors = fen.map((x) => Math.floor(x + 1e-9));
	let left = total - floors.reduce((sum, x) => sum + x, 0);
	const order = fen
		.map((x, index) => ({index, rest: x - floors[index]!}))
		.toSorted((a, b) => b.rest - a.rest || a.index - b.index);
	for (const {index} of order) {
		if (left <= 0) break;
		floors[index]!++;
		left--;
	}

	return floors;
}

/** Who a resource's cost is allocated by: the resource itself, or the one it follows. */
type Allocation = {value: string | null; by: string};

/** A stretch of a segment, allocated to one value. */
type Piece = {resource: Resource; start: number; end: number} & Allocation;

/**
The resource a disk, ENI, EIP or snapshot follows when it has no value of its
own and associated-resource allocation is on: a disk's or ENI's instance, an
EIP's instance, a snapshot's source disk (and through it the disk's instance).
*/
function followed(resource: Resource): string | undefined {
	const links = resource.links ?? {};
	switch (resource.type) {
		case 'Ecs-Disk':
		case 'Ecs-Eni': {
			return links.attachedTo;
		}

		case 'Vpc-Eip': {
			return links.associatedWith?.startsWith('i-')
				? links.associatedWith
				: undefined;
		}

		case 'Ecs-Snapshot': {
			return links.sourceDisk;
		}

		default: {
			return undefined;
		}
	}
}

/** Segments by resource, in time order, for finding what a resource was at a moment. */
function timelines(all: readonly Segment[]): Map<string, Segment[]> {
	const byId = new Map<string, Segment[]>();
	for (const segment of all) {
		const list = byId.get(segment.resource.id);
		if (list) list.push(segment);
		else byId.set(segment.resource.id, [segment]);
	}

	for (const list of byId.values()) list.sort((a, b) => a.start - b.start);
	return byId;
}

/**
Splits segments into pieces allocated by `valueOf` (the resource's own value of
the key, or null). With `associated`, a resource without its own value takes
the value of the resource it follows, as that one was at the time.
*/
function allocate(
	all: readonly Segment[],
	valueOf: (resource: Resource) => string | null,
	associated: boolean,
	emit: (
		resource: Resource,
		start: number,
		end: number,
		value: string | null,
		by: string,
	) => void,
) {
	const lines = associated ? timelines(all) : new Map<string, Segment[]>();
	// `origin` is the resource billed; `resource` the one whose value is looked at.
	const walk = (
		origin: Resource,
		resource: Resource,
		start: number,
		end: number,
		depth: number,
	) => {
		const own = valueOf(resource);
		const parent = associated && depth < 2 ? followed(resource) : undefined;
		if (own !== null || parent === undefined) {
			emit(
				origin,
				start,
				end,
				own,
				own === null || resource === origin ? 'own' : resource.id,
			);
			return;
		}

		let at = start;
		for (const segment of lines.get(parent) ?? []) {
			if (segment.end <= at || segment.start >= end) continue;
			if (segment.start > at) {
				emit(origin, at, segment.start, null, 'own');
			}

			const stop = Math.min(end, segment.end);
			walk(
				origin,
				segment.resource,
				Math.max(at, segment.start),
				stop,
				depth + 1,
			);
			at = stop;
		}

		if (at < end) emit(origin, at, end, null, 'own');
	};

	for (const segment of all) {
		walk(segment.resource, segment.resource, segment.start, segment.end, 0);
	}
}

export type BillGroup = {
	value: string | null;
	amount: number;
	resources: number;
};

export type Bill = {
	month: string;
	currency: string;
	illustrative: true;
	by: string | null;
	total: number;
	groups: BillGroup[];
	unallocated: number;
};

export type BillOptions = {
	month: string;
	/** A cost allocation tag key; null: by product. */
	by: string | null;
	region?: string;
	/** World time. */
	now: string;
};

function monthSegments(data: WorldData, options: BillOptions): Segment[] {
	const [from, to] = billedMonth(options.month, options.now);
	const all = segments(data, from, to, Date.parse(options.now));
	return options.region
		? all.filter((s) => s.resource.region === options.region)
		: all;
}

/** Product names by type, upper-cased once: a bill asks for one per segment. */
const products = new Map<string, string>();
function productOf(resource: Resource): string {
	let product = products.get(resource.type);
	if (product === undefined) {
		product = typeNamed(resource.type).product.toUpperCase();
		products.set(resource.type, product);
	}

	return product;
}

/**
The month's bill, grouped by the value of an enabled cost allocation tag key
(null, the unallocated group, last) or, with no key, by product. Groups are
ordered by amount, largest first.
*/
export function bill(data: WorldData, options: BillOptions): Bill {
	if (options.by !== null) needEnabled(data, options.by, options.now);
	const key = options.by;
	const sums = new Map<string | null, {amount: number; ids: Set<string>}>();
	const add = (
		resource: Resource,
		start: number,
		end: number,
		value: string | null,
	) => {
		let group = sums.get(value);
		if (!group) {
			group = {amount: 0, ids: new Set()};
			sums.set(value, group);
		}

		group.amount += segmentCost(resource, start, end);
		group.ids.add(resource.id);
	};

	const all = monthSegments(data, options);
	if (key === null) {
		for (const s of all) add(s.resource, s.start, s.end, productOf(s.resource));
	} else {
		allocate(
			all,
			(r) => (Object.hasOwn(r.tags, key) ? r.tags[key]! : null),
			data.account.costs.associated,
			add,
		);
	}

	const entries = [...sums].toSorted(
		([a, x], [b, y]) =>
			Number(a === null) - Number(b === null) ||
			y.amount - x.amount ||
			String(a).localeCompare(String(b)),
	);
	const fen = apportion(entries.map(([, group]) => group.amount));
	const groups = entries.map(([value, group], index) => ({
		value,
		amount: fen[index]! / 100,
		resources: group.ids.size,
	}));
	const total = fen.reduce((sum, x) => sum + x, 0) / 100;
	return {
		month: options.month,
		currency,
		illustrative: true,
		by: key,
		total,
		groups,
		unallocated: groups.find((g) => g.value === null)?.amount ?? 0,
	};
}

export type SplitLine = {
	month: string;
	product: string;
	type: string;
	id: string;
	name: string;
	region: string;
	amount: number;
	/** The value of each enabled cost allocation tag key in this period, or null. */
	tags: Record<string, string | null>;
	/** `own`, or the ID of the resource whose values this line took. */
	allocatedBy: string;
};

/**
The split bill: a line per resource and month, and per period in which the
resource's values of the enabled keys (or what it followed) were different.
Lines are ordered by ID, then by when their period began.
*/
export function splitBill(
	data: WorldData,
	options: Omit<BillOptions, 'by'>,
): {lines: SplitLine[]; total: number; keys: string[]} {
	const keys = Object.keys(data.account.costs.enabled).toSorted();
	const all = monthSegments(data, {...options, by: null});
	// One allocation per key, then the pieces of each resource cut at every change.
	const perKey = keys.map((key) => {
		const pieces: Piece[] = [];
		allocate(
			all,
			(r) => (Object.hasOwn(r.tags, key) ? r.tags[key]! : null),
			data.account.costs.associated,
			(resource, start, end, value, by) => {
				pieces.push({resource, start, end, value, by});
			},
		);
		return pieces;
	});
	type Line = SplitLine & {start: number; raw: number};
	const lines = new Map<string, Line>();
	const add = (
		resource: Resource,
		start: number,
		end: number,
		tags: Record<string, string | null>,
		by: string,
	) => {
		const id = `${resource.id}\u0000${JSON.stringify(tags)}\u0000${by}`;
		const cost = segmentCost(resource, start, end);
		const line = lines.get(id);
		if (line) {
			line.raw += cost;
			line.start = Math.min(line.start, start);
			return;
		}

		lines.set(id, {
			month: options.month,
			product: productOf(resource),
			type: resource.type,
			id: resource.id,
			name: resource.name,
			region: resource.region,
			amount: 0,
			tags,
			allocatedBy: by,
			start,
			raw: cost,
		});
	};

	if (keys.length === 0) {
		for (const s of all) add(s.resource, s.start, s.end, {}, 'own');
	} else {
		cutAtChanges(perKey, keys, add);
	}

	const ordered = [...lines.values()].toSorted((a, b) =>
		a.id < b.id ? -1 : a.id > b.id ? 1 : a.start - b.start,
	);
	const fen = apportion(ordered.map((line) => line.raw));
	const out = ordered.map(({start: _start, raw: _raw, ...line}, index) => ({
		...line,
		amount: fen[index]! / 100,
	}));
	return {
		lines: out,
		total: fen.reduce((sum, x) => sum + x, 0) / 100,
		keys,
	};
}

/**
Walks the pieces of every key together, resource by resource, cutting at each
moment any key's value changes, and hands each stretch to `add` with all the
keys' values. `allocatedBy` is the first resource followed, if any key followed one.
*/
function cutAtChanges(
	perKey: Piece[][],
	keys: readonly string[],
	add: (
		resource: Resource,
		start: number,
		end: number,
		tags: Record<string, string | null>,
		by: string,
	) => void,
) {
	const byResource = perKey.map((pieces) => {
		const map = new Map<string, Piece[]>();
		for (const piece of pieces) {
			const list = map.get(piece.resource.id);
			if (list) list.push(piece);
			else map.set(piece.resource.id, [piece]);
		}

		for (const list of map.values()) list.sort((a, b) => a.start - b.start);
		return map;
	});
	for (const id of byResource[0]!.keys()) {
		const lists = byResource.map((map) => map.get(id)!);
		const cuts = new Set<number>();
		for (const list of lists) {
			for (const piece of list) cuts.add(piece.start).add(piece.end);
		}

		const points = [...cuts].toSorted((a, b) => a - b);
		const cursor = lists.map(() => 0);
		for (let i = 0; i + 1 < points.length; i++) {
			const start = points[i]!;
			const end = points[i + 1]!;
			const tags: Record<string, string | null> = {};
			let by = 'own';
			let resource: Resource | undefined;
			for (const [k, list] of lists.entries()) {
				while (cursor[k]! < list.length && list[cursor[k]!]!.end <= start)
					cursor[k]!++;
				const piece = list[cursor[k]!];
				if (!piece || piece.start > start) continue;
				resource = piece.resource;
				tags[keys[k]!] = piece.value;
				if (by === 'own' && piece.by !== 'own') by = piece.by;
			}

			if (resource) add(resource, start, end, tags, by);
		}
	}
}

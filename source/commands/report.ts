import type {ApplyResult} from '../core/apply.js';
import {TagdeckError} from '../core/errors.js';
import type {Command} from '../core/model.js';
import {describeChanges, type TagChange} from '../core/summary.js';
import {visible} from '../core/tags.js';
import {rules} from '../core/catalogue.js';
import type {Store} from '../store/store.js';
import {print, printJson, plural} from './output.js';

/** The rule a key's change came by, or undefined for the command's own change. */
function ruleOf(change: TagChange, key: string): string | undefined {
	return (change.inherited[key] ?? change.withdrawn[key])?.rule;
}

/** One line per resource: its changes that came by `rule` (undefined: its own). */
function changeLine(
	change: TagChange,
	rule: string | undefined,
): string | undefined {
	const mine = (key: string) => ruleOf(change, key) === rule;
	const parts: string[] = rule ? [] : [...change.other];
	let from = '';
	for (const [key, value] of Object.entries(change.added)) {
		if (mine(key)) parts.push(`+ ${key}=${value}`);
	}

	for (const [key, {from: old, to}] of Object.entries(change.changed)) {
		if (mine(key)) parts.push(`~ ${key}: ${old} → ${to}`);
	}

	for (const [key, value] of Object.entries(change.removed)) {
		if (mine(key)) parts.push(`- ${key}=${value}`);
	}

	if (rule) {
		const source = [
			...Object.values(change.inherited),
			...Object.values(change.withdrawn),
		].find((p) => p.rule === rule);
		from = source ? ` ← ${source.from}` : '';
	}

	return parts.length > 0
		? visible(`${change.id}${from}  ${parts.join('  ')}`)
		: undefined;
}

/** At most this many lines per group; --json has them all. */
const shownPerGroup = 40;

function capped(lines: string[], indent: string): string[] {
	if (lines.length <= shownPerGroup) return lines;
	return [
		...lines.slice(0, shownPerGroup),
		`${indent}… and ${plural(lines.length - shownPerGroup, 'more resource')} (--json lists them all)`,
	];
}

/** The changes of a step: the command's own first, then inheritance grouped by rule. */
export function changeLines(changes: TagChange[]): string[] {
	const own = changes
		.map((c) => changeLine(c, undefined))
		.filter((l) => l !== undefined);
	const lines = capped(
		own.map((l) => `  ${l}`),
		'  ',
	);
	const byRule = new Set(
		changes.flatMap((c) =>
			[...Object.values(c.inherited), ...Object.values(c.withdrawn)].map(
				(p) => p.rule,
			),
		),
	);
	for (const rule of byRule) {
		const found = rules.find((r) => r.settingName === rule);
		lines.push(
			`  inherited by ${found ? `${found.primary}:${found.associated}` : rule}:`,
		);
		const group = changes
			.map((c) => changeLine(c, rule))
			.filter((l) => l !== undefined);
		lines.push(
			...capped(
				group.map((l) => `    ${l}`),
				'    ',
			),
		);
	}

	return lines;
}

/**
Applies a command through the store and reports it: text for people, JSON
(`{changed, failed, created}`) with --json. Exit 0 when everything was done,
1 when anything was refused.
*/
export async function applyAndReport(
	store: Store,
	command: Command,
	options: {
		json: boolean;
		dryRun?: boolean;
		done?: (result: ApplyResult) => string;
	},
): Promise<number> {
	const result = await store.apply(command, {dryRun: options.dryRun});
	const world = store.current();
	const changes = describeChanges(result.patches, (id) => world?.get(id));
	if (options.json) {
		const out: Record<string, unknown> = {
			changed: changes,
			failed: result.failures,
		};
		if (result.created.length > 0) out.created = result.created;
		if (result.dryRun) out.dryRun = true;
		if (result.event) out.step = result.event.seq;
		if (!result.ok && result.failures.length === 0) {
			throw new TagdeckError(result.error!.code, result.error!.message);
		}

		printJson(out);
		return result.ok && result.failures.length === 0 ? 0 : 1;
	}

	if (!result.ok && result.failures.length === 0) {
		throw new TagdeckError(result.error!.code, result.error!.message);
	}

	const lines: string[] = [];
	if (result.ok) {
		if (result.dryRun)
			lines.push(
				`Dry run: nothing was changed. This would change ${plural(changes.length, 'resource')}:`,
			);
		lines.push(...changeLines(changes));
		if (!result.dryRun) {
			lines.push(
				result.event === undefined
					? 'Nothing to change: it already is that way.'
					: (options.done?.(result) ??
							`Done: ${plural(changes.length, 'resource')} changed (step #${result.event.seq}; tagdeck undo reverses it).`),
			);
		}
	}

	if (result.skipped.length > 0) {
		lines.push(
			`Inheritance skipped for ${plural(result.skipped.length, 'resource')} (quota):`,
		);
		for (const s of result.skipped)
			lines.push(`  ! ${visible(s.id)}  ${s.code}: ${visible(s.message)}`);
	}

	if (result.failures.length > 0) {
		lines.push(
			result.ok
				? `Skipped ${plural(result.failures.length, 'resource')} that ${result.dryRun ? 'would fail' : 'failed'}:`
				: `Refused: ${plural(result.failures.length, 'resource')} would fail, so nothing was changed. Fix them, or apply to the others with --partial.`,
		);
		for (const f of result.failures)
			lines.push(`  ✗ ${visible(f.id)}  ${f.code}: ${visible(f.message)}`);
	}

	(result.ok ? print : (text: string) => process.stderr.write(`${text}\n`))(
		lines.join('\n'),
	);
	return result.ok && result.failures.length === 0 ? 0 : 1;
}

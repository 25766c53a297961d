import {changeLines, describeChanges} from '../../../core/summary.js';
import {Lines} from '../../components.js';
import {listHeight} from '../../state.js';
import type {ScreenProps as Props} from '../props.js';

export function PendingScreen({state, world, width}: Props) {
	const {pending} = state;
	if (!pending) return null;
	const {result} = pending;
	const changes = describeChanges(result.patches, (id) => world.get(id));
	const lines = [pending.title, ''];
	const own = changeLines(changes);
	const settings = result.patches.filter((p) => p.c === 'u').length;
	if (result.patches.some((p) => p.c === 'a'))
		lines.push("Changes the account's feature switch.");
	if (settings > 0) lines.push(`Changes ${settings} rule setting(s).`);
	if (own.length > 0) {
		lines.push(`Would change ${changes.length} resource(s):`);
		for (const line of own) lines.push(line);
	} else if (result.patches.length === 0) lines.push('No change.');
	if (result.skipped.length > 0) {
		lines.push('', `Inheritance would skip ${result.skipped.length} (quota):`);
		for (const s of result.skipped) lines.push(`  ! ${s.id}: ${s.message}`);
	}

	if (result.failures.length > 0) {
		lines.push('', `${result.failures.length} would fail:`);
		for (const f of result.failures)
			lines.push(`  ✗ ${f.id}  ${f.code}: ${f.message}`);
	}

	return <Lines lines={lines} height={listHeight(state) + 1} width={width} />;
}

import stringWidth from 'string-width';
import type {Provenance} from '../../../core/model.js';
import {own, visible} from '../../../core/tags.js';
import {sourceWords} from '../../../core/words.js';
import type {World} from '../../../core/world.js';
import {Table} from '../../components.js';
import {listHeight} from '../../state.js';
import {glyphs} from '../../theme.js';
import type {ScreenProps as Props} from '../props.js';
import {untagKeys} from './bindings.js';

/** Where the targets' `key` comes from: own, inherited from one place, or inherited on some. */
function origin(world: World, targets: string[], key: string): string {
	const from: Provenance[] = [];
	let has = 0;
	for (const id of targets) {
		const r = world.get(id);
		if (!r || !Object.hasOwn(r.tags, key)) continue;
		has++;
		const p = own(r.inherited, key);
		if (p) from.push(p);
	}

	if (from.length === 0) return '';
	const [first] = from;
	const same = from.every(
		(p) => p.from === first!.from && p.rule === first!.rule,
	);
	const words = sourceWords((id) => world.get(id), first!);
	if (from.length === has && same) return `inherited ${words}`;
	return `inherited on ${from.length} of ${has}${same ? `, ${words}` : ''}`;
}

export function UntagScreen({state, world, width}: Props) {
	const keys = untagKeys(state, world);
	const {targets} = state.editor;
	const keyWidth = Math.min(
		30,
		Math.max(0, ...keys.map((k) => stringWidth(visible(k)))),
	);
	const cell = (key: string) => {
		const where = origin(world, targets, key);
		const shown = visible(key);
		const pad = ' '.repeat(Math.max(0, keyWidth - stringWidth(shown)));
		return where
			? `${glyphs.inherited} ${shown}${pad}  ${where}`
			: `  ${shown}`;
	};

	return (
		<Table
			rows={keys}
			columns={[
				{
					title: `KEYS OF ${targets.length} RESOURCE(S): Space chooses, Enter previews; ${glyphs.inherited} inherited`,
					width: 0,
					cell,
				},
			]}
			cursor={state.cursor.untag ?? 0}
			height={listHeight(state)}
			width={width}
			marked={(k) => state.keyMarks.has(k)}
			rowKey={(k) => k}
			empty="These resources have no custom tags."
		/>
	);
}

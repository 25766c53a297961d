import {Box} from 'ink';
import {rules, typeNamed} from '../../../core/catalogue.js';
import {settingKey} from '../../../core/inheritance.js';
import type {Resource} from '../../../core/model.js';
import {isSystemKey, own} from '../../../core/tags.js';
import {Lines, Table, type Column} from '../../components.js';
import {listHeight} from '../../state.js';
import {chips} from '../../text.js';
import {glyphs} from '../../theme.js';
import type {ScreenProps as Props} from '../props.js';
import type {World} from '../../../core/world.js';
import {filterHint} from '../../rows.js';
import {hintLines} from './hint.js';
import {resourceRows} from './slice.js';

function resourceColumns(width: number): Array<Column<Resource>> {
	const columns: Array<Column<Resource>> = [
		{title: 'ID', width: width < 70 ? 14 : 24, cell: (r) => r.id},
		{
			title: 'NAME',
			width: width < 100 ? 14 : 22,
			cell: (r) => r.name,
		},
	];
	if (width >= 70)
		columns.push({
			title: 'TYPE',
			width: 9,
			cell: (r) => typeNamed(r.type).aliases[0]!,
		});
	if (width >= 110)
		columns.push({title: 'ZONE', width: 15, cell: (r) => r.zone ?? '-'});
	if (width >= 70)
		columns.push({title: 'STATUS', width: 8, cell: (r) => r.status ?? '-'});
	columns.push({
		title: 'TAGS',
		width: 0,
		cell: (r) => chips(r.tags, r.inherited),
	});
	return columns;
}

export function ResourcesScreen({state, world, width}: Props) {
	const rows = resourceRows(state, world);
	const cursor = state.cursor.resources ?? 0;
	const showDetail = state.detail || width >= 160;
	const detailWidth = showDetail ? Math.min(60, Math.floor(width * 0.45)) : 0;
	const tableWidth = width - detailWidth - (showDetail ? 1 : 0);
	const row = rows[cursor];
	const hint =
		rows.length === 0 && state.region && !state.linked
			? filterHint(
					world,
					state.region,
					state.type,
					state.filters.resources ?? '',
				)
			: undefined;
	return (
		<Box>
			<Box width={tableWidth}>
				{hint ? (
					<Lines
						lines={hintLines(hint, tableWidth)}
						height={listHeight(state) + 1}
						width={tableWidth}
					/>
				) : (
					<Table
						rows={rows}
						columns={resourceColumns(tableWidth)}
						cursor={cursor}
						height={listHeight(state)}
						width={tableWidth}
						marked={(r) => state.marks.has(r.id)}
						rowKey={(r) => r.id}
						empty={
							state.filters.resources
								? 'No resource matches the filter.'
								: 'No resources here.'
						}
					/>
				)}
			</Box>
			{showDetail ? (
				<Box marginLeft={1} width={detailWidth}>
					<Lines
						lines={
							row ? detailLines(world, row) : ['No resource under the cursor.']
						}
						height={listHeight(state) + 1}
						width={detailWidth}
					/>
				</Box>
			) : null}
		</Box>
	);
}

function detailLines(world: World, r: Resource): string[] {
	const type = typeNamed(r.type);
	const lines = [
		`${r.id}`,
		`${r.name} · ${type.label}`,
		r.zone
			? `zone ${r.zone} · ${r.region}`
			: `region ${r.region}${type.scope === 'global' ? ' (home region)' : ''}`,
	];
	if (r.status) lines.push(`status ${r.status}`);
	lines.push('', 'Tags');
	const entries = Object.entries(r.tags);
	if (entries.length === 0) lines.push('  (none)');
	for (const [key, value] of entries) {
		const p = own(r.inherited, key);
		if (isSystemKey(key)) {
			lines.push(`${glyphs.system} ${key}=${value} (system)`);
		} else if (p) {
			const rule = rules.find((x) => x.settingName === p.rule);
			const on =
				world.data.account.inheritance.enabled &&
				world.data.rules[settingKey(r.region, p.rule)]?.enabled;
			lines.push(
				`${glyphs.inherited} ${key}=${value}`,
				`    from ${p.from} by ${rule ? `${rule.primary}:${rule.associated}` : p.rule}${on ? '' : ' (rule off)'}`,
			);
		} else {
			lines.push(`  ${key}=${value}`);
		}
	}

	const links = Object.entries(r.links ?? {});
	const children = world.children(r.id);
	if (links.length > 0 || children.length > 0) lines.push('', 'Links');
	for (const [kind, target] of links) lines.push(`  ${kind} ${target}`);
	for (const child of children)
		lines.push(`  ← ${typeNamed(child.type).aliases[0]!} ${child.id}`);
	return lines;
}

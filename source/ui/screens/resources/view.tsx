import {Box} from 'ink';
import {linkKinds, typeNamed} from '../../../core/catalogue.js';
import type {LinkKind, Resource} from '../../../core/model.js';
import {inheritedParts} from '../../../core/rule-views.js';
import {ruleLabel, withName} from '../../../core/words.js';
import {isSystemKey, own} from '../../../core/tags.js';
import {Lines, Table, type Column} from '../../components.js';
import {listHeight} from '../../state.js';
import {chips} from '../../text.js';
import {glyphs} from '../../theme.js';
import type {ScreenProps as Props} from '../props.js';
import type {World} from '../../../core/world.js';
import {filterHint} from '../../rows.js';
import {lessonLines} from '../../lesson.js';
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

export function ResourcesScreen({state, world, width, lesson}: Props) {
	const rows = resourceRows(state, world);
	const cursor = state.cursor.resources ?? 0;
	const showDetail = state.detail || state.lessonPanel || width >= 160;
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
							state.lessonPanel && lesson
								? lessonLines(lesson, state, world, detailWidth)
								: row
									? detailLines(world, row)
									: ['No resource under the cursor.']
						}
						height={listHeight(state) + 1}
						width={detailWidth}
					/>
				</Box>
			) : null}
		</Box>
	);
}

/**
The tags of the detail pane: own and system ones first, then the inherited ones
under where they came from and whether their rule still acts.
*/
function tagLines(world: World, r: Resource): string[] {
	const lines: string[] = [];
	const inherited = new Map<string, string[]>();
	for (const [key, value] of Object.entries(r.tags)) {
		const p = own(r.inherited, key);
		if (isSystemKey(key))
			lines.push(`${glyphs.system} ${key}=${value} (system)`);
		else if (p) {
			const {from, by} = inheritedParts(world, r.region, p);
			const heading = `${from}\n${by}:`;
			inherited.set(heading, [
				...(inherited.get(heading) ?? []),
				`${glyphs.inherited} ${key}=${value}`,
			]);
		} else lines.push(`  ${key}=${value}`);
	}

	for (const [heading, tags] of inherited)
		lines.push(...heading.split('\n'), ...tags);
	return lines.length > 0 ? lines : ['  (none)'];
}

/** What a resource is linked to, which rule manages the link, and what links to it, in words. */
function linkLines(world: World, r: Resource): string[] {
	const find = (id: string) => world.get(id);
	const links = Object.entries(r.links ?? {}) as Array<[LinkKind, string]>;
	const lines = links.map(
		([kind, target]) => `  ${linkKinds[kind].verb} ${withName(find, target)}`,
	);
	for (const name of r.managed ?? [])
		lines.push(`  its link is managed by ${ruleLabel(name)}`);
	if (lines.length > 0) lines.unshift('', 'Links');
	const children = world.children(r.id);
	if (children.length > 0) lines.push('', 'Linked to it');
	for (const child of children)
		lines.push(
			`  ${typeNamed(child.type).aliases[0]!} ${withName(find, child.id)}`,
		);
	return lines;
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
	if (r.image) lines.push(`image ${r.image}`);
	lines.push('', 'Tags', ...tagLines(world, r), ...linkLines(world, r));
	return lines;
}

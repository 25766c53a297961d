import {Box, Text} from 'ink';
import {rules, typeNamed, findRegion} from '../core/catalogue.js';
import {settingKey, supportedRegions} from '../core/inheritance.js';
import type {Resource} from '../core/model.js';
import {own} from '../core/tags.js';
import {changeLines, describeChanges} from '../core/summary.js';
import type {World} from '../core/world.js';
import {Lines, Table, type Column} from './components.js';
import {
	catalogueRows,
	helpRows,
	listHeight,
	regionList,
	resourceRows,
	untagKeys,
	type UiState,
} from './state.js';
import {chips, fit} from './text.js';
import {glyphs, useTheme} from './theme.js';

type Props = {
	readonly state: UiState;
	readonly world: World;
	readonly width: number;
};

export function RegionsScreen({state, world, width}: Props) {
	const rows = regionList(state, world);
	return (
		<Table
			rows={rows}
			columns={[
				{title: 'REGION', width: 15, cell: (r) => r.id},
				{title: 'NAME', width: 30, cell: (r) => r.name},
				{title: 'RESOURCES', width: 9, cell: (r) => String(r.resources)},
				{
					title: 'INHERITANCE',
					width: 11,
					cell: (r) => (r.inheritanceSupported ? 'supported' : 'no'),
				},
				{title: 'ZONES', width: 0, cell: (r) => r.zones.join(' ')},
			]}
			cursor={state.cursor.regions ?? 0}
			height={listHeight(state)}
			width={width}
			rowKey={(r) => r.id}
			empty="No region matches."
		/>
	);
}

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
	return (
		<Box>
			<Box width={tableWidth}>
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

/** The detail pane: location, every tag with its origin, the links. */
export function detailLines(world: World, r: Resource): string[] {
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
		if (key.startsWith('acs:')) {
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

export function EditorScreen({state, world, width}: Props) {
	const theme = useTheme();
	const {lines, targets} = state.editor;
	const height = listHeight(state);
	const body = lines.map(
		(line, index) =>
			`${index === lines.length - 1 ? '›' : ' '} ${line}${index === lines.length - 1 ? '▏' : ''}`,
	);
	const last = lines.at(-1) ?? '';
	const prefix = last.replace(/^-/v, '');
	const keys = last.includes('=')
		? []
		: [
				...new Set(
					world
						.inRegion(state.region ?? '')
						.flatMap((r) => Object.keys(r.tags)),
				),
			]
				.filter((k) => !k.startsWith('acs:') && k.startsWith(prefix))
				.toSorted()
				.slice(0, 8);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">
				{fit(
					`Tag ${targets.length} resource(s): ${targets.slice(0, 4).join(' ')}${targets.length > 4 ? ' …' : ''}`,
					width,
				)}
			</Text>
			<Text dimColor={theme.dim} wrap="truncate">
				{fit(
					'One line each: key=value adds or overwrites, -key removes. Enter: new line; Ctrl-s or an empty line: preview.',
					width,
				)}
			</Text>
			<Lines
				lines={[
					...body,
					'',
					keys.length > 0 ? `keys here: ${keys.join('  ')}` : '',
				]}
				height={height - 1}
				width={width}
			/>
		</Box>
	);
}

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

export function UntagScreen({state, world, width}: Props) {
	const keys = untagKeys(state, world);
	return (
		<Table
			rows={keys}
			columns={[
				{
					title: `KEYS OF ${state.editor.targets.length} RESOURCE(S): Space chooses, Enter previews`,
					width: 0,
					cell: (k) => k,
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

export function RulesScreen({state, world, width}: Props) {
	const theme = useTheme();
	const region = state.region ?? '';
	const supported = findRegion(region)?.inheritance ?? false;
	const {inheritance} = world.data.account;
	const head = supported
		? inheritance.enabled
			? `Feature on · service-linked role ${inheritance.role ?? ''} · I turns it off`
			: 'Feature off · I turns it on (creates the service-linked role AliyunServiceRoleForTag)'
		: `${region} does not support associated tag inheritance: nothing can be enabled here. Supported: ${supportedRegions.join(' ')}`;
	return (
		<Box flexDirection="column">
			<Text color={supported ? theme.accent : theme.error} wrap="truncate">
				{fit(head, width)}
			</Text>
			<Table
				rows={rules}
				columns={[
					{
						title: 'RULE',
						width: 38,
						cell: (r) => `${r.primary}:${r.associated}`,
					},
					{
						title: 'STATUS',
						width: 8,
						cell: (r) =>
							world.data.rules[settingKey(region, r.settingName)]?.enabled
								? 'on'
								: 'off',
					},
					{
						title: 'SCOPE',
						width: 16,
						cell: (r) =>
							world.data.rules[settingKey(region, r.settingName)]?.keys?.join(
								',',
							) ?? 'all keys',
					},
					{
						title: 'EXISTING',
						width: 12,
						cell: (r) =>
							r.existing
								? world.data.rules[settingKey(region, r.settingName)]?.existing
									? 'on'
									: 'off (can)'
								: 'not possible',
					},
					{
						title: 'ON UNLINK',
						width: 0,
						cell: (r) => (r.removeOnUnlink ? 'removes tags' : 'keeps tags'),
					},
				]}
				cursor={state.cursor.rules ?? 0}
				height={listHeight(state) - 1}
				width={width}
				marked={(r) => state.ruleMarks.has(r.settingName)}
				rowKey={(r) => r.settingName}
			/>
		</Box>
	);
}

export function CatalogueScreen({state, world, width}: Props) {
	const rows = catalogueRows(state, world);
	return (
		<Table
			rows={rows}
			columns={[
				{title: 'KEY', width: 24, cell: (k) => k.key},
				{title: 'RESOURCES', width: 9, cell: (k) => String(k.resources)},
				{title: 'VALUES', width: 6, cell: (k) => String(k.values)},
				{
					title: 'KIND',
					width: 6,
					cell: (k) => (k.system ? 'system' : 'custom'),
				},
				{
					title: 'SOME VALUES',
					width: 0,
					cell(k) {
						const values = new Set<string>();
						for (const r of world.inRegion(k.region))
							if (Object.hasOwn(r.tags, k.key)) values.add(r.tags[k.key]!);
						return [...values].slice(0, 8).join(' ');
					},
				},
			]}
			cursor={state.cursor.catalogue ?? 0}
			height={listHeight(state)}
			width={width}
			rowKey={(k) => `${k.region}/${k.key}`}
			empty="No tags in this region."
		/>
	);
}

export function ActivityScreen({state, world, width}: Props) {
	const events = world.data.log.toReversed();
	const cursor = state.cursor.activity ?? 0;
	const event = events[cursor];
	const open = event && state.expanded.has(event.seq);
	const detail = open
		? changeLines(describeChanges(event.patches, (id) => world.get(id)))
		: [];
	const failures = open
		? event.failures.map((f) => `  ✗ ${f.id}  ${f.code}`)
		: [];
	const detailHeight = open
		? Math.min(
				detail.length + failures.length + 1,
				Math.floor(listHeight(state) / 2),
			)
		: 0;
	return (
		<Box flexDirection="column">
			<Table
				rows={events}
				columns={[
					{title: 'STEP', width: 6, cell: (e) => `#${e.seq}`},
					{
						title: 'TIME',
						width: 19,
						cell: (e) => e.at.replace('T', ' ').slice(0, 19),
					},
					{
						title: 'REGIONS',
						width: 14,
						cell: (e) => e.regions.join(',') || '-',
					},
					{
						title: 'WHAT',
						width: 0,
						cell: (e) =>
							`${state.expanded.has(e.seq) ? '▾' : '▸'} ${e.summary}`,
					},
				]}
				cursor={cursor}
				height={listHeight(state) - detailHeight}
				width={width}
				rowKey={(e) => String(e.seq)}
				empty="No steps yet."
			/>
			{open ? (
				<Lines
					lines={[`Step #${event.seq}:`, ...detail, ...failures]}
					height={detailHeight}
					width={width}
				/>
			) : null}
		</Box>
	);
}

export function ActionsScreen({state, width}: Omit<Props, 'world'>) {
	return (
		<Table
			rows={state.menu}
			columns={[
				{
					title: state.menuTitle.toUpperCase(),
					width: 0,
					cell: (item) => `${item.label}${item.submenu ? '  ▸' : ''}`,
				},
			]}
			cursor={state.cursor.actions ?? 0}
			height={listHeight(state)}
			width={width}
			rowKey={(item, index) => `${index}:${item.label}`}
			empty="Nothing to choose."
		/>
	);
}

export function HelpScreen({state, width}: Omit<Props, 'world'>) {
	const rows = helpRows(state);
	return (
		<Table
			rows={rows}
			columns={[
				{title: 'KEY', width: 14, cell: (b) => b.label},
				{
					title: `DOES (type to filter${state.filters.help ? `: ${state.filters.help}` : ''})`,
					width: 0,
					cell: (b) => b.does,
				},
			]}
			cursor={state.cursor.help ?? 0}
			height={listHeight(state)}
			width={width}
			rowKey={(b, index) => `${index}:${b.label}`}
		/>
	);
}

import {Box, Text} from 'ink';
import type {KeyCompliance} from '../../../core/governance/compliance.js';
import {MessageLines, restWidth, Table, type Column} from '../../components.js';
import {listHeight} from '../../state.js';
import {fit, wrap} from '../../text.js';
import {useTheme} from '../../theme.js';
import type {ScreenProps as Props} from '../props.js';
import {regionCompliance} from './bindings.js';

/**
One key's bar: compliant (█), non-compliant (▒) and not applicable (░), in
proportion to the region's resources; the glyphs tell them apart without colour.
*/
function bar(key: KeyCompliance, room: number): string {
	const total = key.compliant + key.nonCompliant + key.notApplicable;
	if (total === 0 || room <= 0) return '';
	const cells = (n: number) =>
		n > 0 ? Math.max(1, Math.round((n / total) * room)) : 0;
	return (
		'█'.repeat(cells(key.compliant)) +
		'▒'.repeat(cells(key.nonCompliant)) +
		'░'.repeat(cells(key.notApplicable))
	).slice(0, room);
}

const percent = (coverage: number | null) =>
	coverage === null ? '-' : `${(coverage * 100).toFixed(1)}%`;

/** :compliance: per key of the policies in force, the region's resources by compliance. */
export function ComplianceScreen({state, world, width}: Props) {
	const theme = useTheme();
	const report = regionCompliance(state, world);
	const rows = listHeight(state) + 1;
	const similar = report.resources.filter((f) => f.reason === 'similar').length;
	const title = fit(
		`Compliance · ${state.region ?? ''} · ${similar} similar (f) · ${report.untagged} untagged · █ ok ▒ not ok ░ n/a`,
		width,
	);
	if (report.keys.length === 0) {
		return (
			<Box flexDirection="column" height={rows}>
				<Text bold color={theme.accent} wrap="truncate">
					{title}
				</Text>
				<MessageLines
					lines={wrap(
						'No tag policy is attached, so nothing is checked. tagdeck policy create NAME --file FILE, then tagdeck policy attach NAME.',
						width,
						Math.max(1, rows - 1),
					)}
					error={false}
				/>
			</Box>
		);
	}

	const fixed: Array<Column<KeyCompliance>> = [
		{title: 'KEY', width: 16, cell: (k) => k.key},
		{title: 'OK', width: 6, cell: (k) => String(k.compliant)},
		{title: 'NOT OK', width: 6, cell: (k) => String(k.nonCompliant)},
		{title: 'N/A', width: 6, cell: (k) => String(k.notApplicable)},
		{title: 'COVERAGE', width: 8, cell: (k) => percent(k.coverage)},
	];
	const room = restWidth(fixed, width) - 1;
	return (
		<Box flexDirection="column" height={rows}>
			<Text bold color={theme.accent} wrap="truncate">
				{title}
			</Text>
			<Table
				rows={report.keys}
				columns={[
					...fixed,
					{title: 'BAR', width: 0, cell: (k) => bar(k, room)},
				]}
				cursor={state.cursor.compliance ?? 0}
				height={Math.max(1, rows - 2)}
				width={width}
				rowKey={(k) => k.key}
			/>
		</Box>
	);
}

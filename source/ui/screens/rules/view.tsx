import {Box, Text} from 'ink';
import {findRegion} from '../../../core/catalogue.js';
import {supportedRegions} from '../../../core/inheritance.js';
import {ruleViews} from '../../../core/rule-views.js';
import {Table} from '../../components.js';
import {listHeight} from '../../state.js';
import {fit} from '../../text.js';
import {useTheme} from '../../theme.js';
import type {ScreenProps as Props} from '../props.js';

/** Whether a rule applies to existing resources: on, off (it could), or not possible. */
function existingText(r: {existing: boolean; existingSupported: boolean}) {
	if (!r.existingSupported) return 'not possible';
	return r.existing ? 'on' : 'off (can)';
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
		: `Not available in this region: ${region} has no associated tag inheritance, so no rule can be enabled here. Regions that have it: ${supportedRegions.join(' ')}`;
	return (
		<Box flexDirection="column">
			<Text color={supported ? theme.accent : theme.error} wrap="truncate">
				{fit(head, width)}
			</Text>
			<Table
				rows={ruleViews(world, region)}
				columns={[
					{
						title: 'RULE',
						width: 38,
						cell: (r) => `${r.primary}:${r.associated}`,
					},
					{
						title: 'STATUS',
						width: 8,
						cell: (r) => (supported ? (r.enabled ? 'on' : 'off') : 'n/a'),
					},
					{
						title: 'SCOPE',
						width: 16,
						cell: (r) => r.keys?.join(',') ?? 'all keys',
					},
					{
						title: 'EXISTING',
						width: 12,
						cell: (r) => (supported ? existingText(r) : 'n/a'),
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

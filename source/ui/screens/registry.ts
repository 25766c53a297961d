import type {ReactNode} from 'react';
import type {Screen} from '../state.js';
import {ActionsScreen} from './actions/view.js';
import {ActivityScreen} from './activity/view.js';
import {ComplianceScreen} from './compliance/view.js';
import {CostsScreen} from './costs/view.js';
import {KeysScreen} from './keys/view.js';
import {EditorScreen} from './editor/view.js';
import {HelpScreen} from './help/view.js';
import {PendingScreen} from './pending/view.js';
import {RamScreen} from './ram/view.js';
import type {ScreenProps} from './props.js';
import {RegionsScreen} from './regions/view.js';
import {ResourcesScreen} from './resources/view.js';
import {RulesScreen} from './rules/view.js';
import {UntagScreen} from './untag/view.js';

/** The view of every screen. */
export const views: Record<Screen, (props: ScreenProps) => ReactNode> = {
	regions: RegionsScreen,
	resources: ResourcesScreen,
	editor: EditorScreen,
	preview: PendingScreen,
	confirm: PendingScreen,
	untag: UntagScreen,
	rules: RulesScreen,
	keys: KeysScreen,
	activity: ActivityScreen,
	actions: ActionsScreen,
	costs: CostsScreen,
	ram: RamScreen,
	compliance: ComplianceScreen,
	help: HelpScreen,
};

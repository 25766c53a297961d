import type {ScreenKeys} from '../binding.js';
import type {Screen} from '../state.js';
import {actionsKeys} from './actions/bindings.js';
import {activityKeys} from './activity/bindings.js';
import {complianceKeys} from './compliance/bindings.js';
import {costsKeys} from './costs/bindings.js';
import {keysKeys} from './keys/bindings.js';
import {editorKeys} from './editor/bindings.js';
import {helpKeys} from './help/bindings.js';
import {confirmKeys, previewKeys} from './pending/bindings.js';
import {ramKeys} from './ram/bindings.js';
import {regionsKeys} from './regions/bindings.js';
import {resourcesKeys} from './resources/bindings.js';
import {rulesKeys} from './rules/bindings.js';
import {untagKeysScreen} from './untag/bindings.js';

/** The keys of every screen: what dispatch, help and the footer read. */
export const keyTables: Record<Screen, ScreenKeys> = {
	regions: regionsKeys,
	resources: resourcesKeys,
	editor: editorKeys,
	preview: previewKeys,
	confirm: confirmKeys,
	untag: untagKeysScreen,
	rules: rulesKeys,
	keys: keysKeys,
	activity: activityKeys,
	actions: actionsKeys,
	costs: costsKeys,
	ram: ramKeys,
	compliance: complianceKeys,
	// Help lists every table, this one among them.
	help: helpKeys(() => keyTables),
};
